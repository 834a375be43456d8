package dev.mephisto.cli;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Silences Kafka's own loggers while a client command (send, dlq, reset) runs: the command reports what failed in
 * one line, so the client's retry warnings ("Connection to node -1 could not be established", dozens of them) only
 * bury it. Works on logback, the backend the apps' jars ship, whatever their logback.xml says: the levels are set
 * here, on {@code org.apache.kafka} and every configured logger below it, and restored when the last command ends.
 * With another backend nothing changes.
 */
final class QuietKafkaLogs implements AutoCloseable {

    private static final String KAFKA = "org.apache.kafka";
    private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";

    private static int holders;
    private static Map<Object, Object> previousLevels = Map.of();

    private QuietKafkaLogs() {
    }

    static synchronized QuietKafkaLogs silence() {
        if (holders++ == 0) {
            previousLevels = silenceLogback();
        }
        return new QuietKafkaLogs();
    }

    @Override
    public void close() {
        synchronized (QuietKafkaLogs.class) {
            if (--holders == 0) {
                restore(previousLevels);
                previousLevels = Map.of();
            }
        }
    }

    /** Each silenced logback logger with the level it had (null: inherited); empty when logback is not the backend. */
    private static Map<Object, Object> silenceLogback() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!factory.getClass().getName().equals(LOGBACK_CONTEXT)) {
            return Map.of();
        }
        Map<Object, Object> previous = new LinkedHashMap<>();
        try {
            Object kafka = factory.getLogger(KAFKA);
            Class<?> levelType = Class.forName("ch.qos.logback.classic.Level", true, kafka.getClass().getClassLoader());
            Object off = levelType.getField("OFF").get(null);
            Method getLevel = kafka.getClass().getMethod("getLevel");
            Method setLevel = kafka.getClass().getMethod("setLevel", levelType);
            for (Object logger : (List<?>) factory.getClass().getMethod("getLoggerList").invoke(factory)) {
                String name = ((org.slf4j.Logger) logger).getName();
                Object level = getLevel.invoke(logger);
                if (logger == kafka || (name.startsWith(KAFKA + ".") && level != null)) {
                    previous.put(logger, level);
                    setLevel.invoke(logger, off);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            restore(previous);
            return Map.of();
        }
        return previous;
    }

    private static void restore(Map<Object, Object> levels) {
        for (Map.Entry<Object, Object> entry : levels.entrySet()) {
            try {
                Object logger = entry.getKey();
                Class<?> levelType = Class.forName("ch.qos.logback.classic.Level", true,
                        logger.getClass().getClassLoader());
                logger.getClass().getMethod("setLevel", levelType).invoke(logger, entry.getValue());
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // The logger keeps OFF; nothing else depends on it.
            }
        }
    }
}
