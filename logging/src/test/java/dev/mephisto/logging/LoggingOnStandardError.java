package dev.mephisto.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The logging tests' fixture: standard error captured, and slf4j's logback context started from nothing. */
final class LoggingOnStandardError {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private LoggerContext context;

    /** Captures standard error and resets the context slf4j's loggers and MDC feed. */
    LoggerContext start() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        return context;
    }

    /** Applies Mephisto's default setup, as a runnable app without a logback.xml gets it. */
    ExecutionStatus configureDefaults() {
        DefaultLogging logging = new DefaultLogging();
        logging.setContext(context);
        return logging.configure(context);
    }

    /** What was written to standard error so far, line by line. */
    List<String> lines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    void stop() {
        context.reset();
        System.setErr(originalErr);
        MDC.clear();
    }
}
