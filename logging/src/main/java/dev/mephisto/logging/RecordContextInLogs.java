package dev.mephisto.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.mephisto.internal.runtime.RecordLogContext;
import org.slf4j.Marker;

/**
 * Puts the request id and agent of the record a thread is handling into the MDC ({@code requestId},
 * {@code agent}) when a line is about to be written, instead of for every record: with it, an agent
 * that logs nothing pays nothing for its log context. Part of the default setup ({@code defaults.xml},
 * through {@link MephistoTurboFilter}); a logback.xml of your own can declare it too:
 * {@code <turboFilter class="dev.mephisto.logging.RecordContextInLogs"/>}.
 *
 * <p>Without it, the worker puts every record's context into the MDC when the record begins and
 * removes it when it ends. With it, code that reads the MDC itself while a record is handled (rather
 * than writing a line) finds it only after a line of that record was written: read the id with
 * {@code AgentContext.requestId()}. A line is filled when its level is enabled for its logger; a
 * turbo filter of your own that lets through a line below its logger's level writes it without the
 * record's context. Logback asks every turbo filter about every log call: where you also want
 * {@link KnownHarmlessWarnings}, declare {@link MephistoTurboFilter}, both in one.
 */
public final class RecordContextInLogs extends TurboFilter {

    @Override
    public void start() {
        RecordLogContext.fillOnDemand(true);
        super.start();
    }

    @Override
    public void stop() {
        RecordLogContext.fillOnDemand(false);
        super.stop();
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        // every log call passes here, written or not: a disabled one costs one comparison
        if (level != null && level.levelInt >= logger.getEffectiveLevel().levelInt) {
            RecordLogContext.fillMdc();
        }
        return FilterReply.NEUTRAL;
    }
}
