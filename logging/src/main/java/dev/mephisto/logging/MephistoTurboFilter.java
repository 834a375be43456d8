package dev.mephisto.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.mephisto.internal.runtime.RecordLogContext;
import org.slf4j.Marker;

/**
 * The default setup's one turbo filter: {@link RecordContextInLogs} and {@link KnownHarmlessWarnings}
 * in one. Logback asks its turbo filters about every log call, written or not, Kafka's trace checks
 * included (a stream thread makes about ten per record); one filter it calls directly, two or more
 * it walks in a list, which took 8% of a passthrough agent's stream thread here. In a logback.xml of
 * your own, declare this one rather than the two: {@code <turboFilter class="dev.mephisto.logging.MephistoTurboFilter"/>}.
 */
public final class MephistoTurboFilter extends TurboFilter {

    private final RecordContextInLogs recordContext = new RecordContextInLogs();
    private final KnownHarmlessWarnings harmlessWarnings = new KnownHarmlessWarnings();

    @Override
    public void start() {
        recordContext.start();
        harmlessWarnings.start();
        super.start();
    }

    @Override
    public void stop() {
        recordContext.stop();
        harmlessWarnings.stop();
        super.stop();
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        // most calls are Kafka's trace checks: a line that is not written needs neither filter
        if (level == null || level.levelInt < logger.getEffectiveLevel().levelInt) {
            return FilterReply.NEUTRAL;
        }
        RecordLogContext.fillMdc();
        return harmlessWarnings.decide(marker, logger, level, format, params, t);
    }
}
