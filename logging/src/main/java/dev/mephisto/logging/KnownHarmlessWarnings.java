package dev.mephisto.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;

/**
 * Drops the warnings Kafka logs on a normal start or stop that ask nothing of the user, matched by their wording in
 * Kafka 4.4, and lets every other line through. Part of the default setup ({@code defaults.xml}, through
 * {@link MephistoTurboFilter}); a logback.xml of your own can declare it too:
 * {@code <turboFilter class="dev.mephisto.logging.KnownHarmlessWarnings"/>}, or {@link MephistoTurboFilter} for it and
 * {@link RecordContextInLogs} in one.
 */
public final class KnownHarmlessWarnings extends TurboFilter {

    /** Phrases of Kafka's harmless warnings, each with when it shows. */
    static final List<String> PHRASES = List.of(
            // the embedded broker's first start on an empty data dir
            "Performing controller activation. The metadata log appears to be empty",
            // a global table's consumer on start and after each restore
            "Not updating high watermark for partition",
            // metadata of topics the worker has just created, before their leaders are elected
            "reported a recoverable issue with correlation id",
            // the broker's shutdown closes its controller channel twice
            "Attempting to close NetworkClient that has already been closed");

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.WARN || format == null || !fromKafka(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        for (String phrase : PHRASES) {
            if (format.contains(phrase)) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }

    private static boolean fromKafka(String logger) {
        return logger.startsWith("org.apache.kafka.") || logger.startsWith("kafka.");
    }
}
