package dev.mephisto.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
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
public final class MephistoTurboFilter extends TurboFilter implements LoggerContextListener {

    private final RecordContextInLogs recordContext = new RecordContextInLogs();
    private final KnownHarmlessWarnings harmlessWarnings = new KnownHarmlessWarnings();
    /**
     * The lowest level any logger is set to: a call below it is never written, whatever its logger
     * (a logger's level is its own or its nearest ancestor's), so it is answered without asking the
     * logger. Kept up to date as levels change.
     */
    private volatile int floor = Level.ALL_INT;

    @Override
    public void start() {
        recordContext.start();
        harmlessWarnings.start();
        if (getContext() instanceof LoggerContext loggers) {
            loggers.addListener(this);
            floor = lowestLevel(loggers);
        }
        super.start();
    }

    @Override
    public void stop() {
        if (getContext() instanceof LoggerContext loggers) {
            loggers.removeListener(this);
        }
        floor = Level.ALL_INT;
        recordContext.stop();
        harmlessWarnings.stop();
        super.stop();
    }

    private static int lowestLevel(LoggerContext loggers) {
        int lowest = Level.OFF_INT;
        for (Logger logger : loggers.getLoggerList()) {
            Level level = logger.getLevel();
            if (level != null) {
                lowest = Math.min(lowest, level.levelInt);
            }
        }
        return lowest;
    }

    @Override
    public void onLevelChange(Logger logger, Level level) {
        floor = lowestLevel(logger.getLoggerContext());
    }

    @Override
    public boolean isResetResistant() {
        return false;
    }

    @Override
    public void onStart(LoggerContext loggers) {
    }

    @Override
    public void onReset(LoggerContext loggers) {
    }

    @Override
    public void onStop(LoggerContext loggers) {
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        // most calls are Kafka's trace checks: a line that is not written needs neither filter
        if (level == null || level.levelInt < floor || level.levelInt < logger.getEffectiveLevel().levelInt) {
            return FilterReply.NEUTRAL;
        }
        RecordLogContext.fillMdc();
        return harmlessWarnings.decide(marker, logger, level, format, params, t);
    }
}
