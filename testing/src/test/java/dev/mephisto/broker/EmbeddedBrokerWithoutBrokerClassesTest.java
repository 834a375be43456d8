package dev.mephisto.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;

import dev.mephisto.ClasspathWithout;
import org.junit.jupiter.api.Test;

class EmbeddedBrokerWithoutBrokerClassesTest {

    @Test
    void shouldReportUnavailableAndExplainTheFixWhenBrokerJarsAreMissing() throws Exception {
        try (URLClassLoader loader = ClasspathWithout.jars("kafka_2.13-", "kafka-server-", "kafka-metadata-",
                "kafka-raft-", "kafka-server-common-", "kafka-test-common-")) {
            Class<?> broker = loader.loadClass(EmbeddedBroker.class.getName());
            assertEquals(false, broker.getMethod("isAvailable").invoke(null));

            Class<?> options = loader.loadClass(EmbeddedBroker.Options.class.getName());
            Object defaults = options.getMethod("defaults").invoke(null);
            Throwable error = invokeAndCatch(broker.getMethod("start", options), defaults);

            assertEquals(IllegalStateException.class.getName(), error.getClass().getName());
            assertEquals(EmbeddedBroker.MISSING_CLASSES_MESSAGE, error.getMessage());
            assertTrue(error.getMessage().contains("--broker host:port"));
        }
    }

    @Test
    void shouldReportUnavailableWhenOnlyKafkaServerIsMissing() throws Exception {
        try (URLClassLoader loader = ClasspathWithout.jars("kafka-server-4", "kafka-test-common-")) {
            Class<?> broker = loader.loadClass(EmbeddedBroker.class.getName());
            assertFalse((Boolean) broker.getMethod("isAvailable").invoke(null));
        }
    }

    @Test
    void shouldReportAvailableWithTheBrokerOnTheClasspath() {
        assertTrue(EmbeddedBroker.isAvailable());
    }

    private static Throwable invokeAndCatch(Method method, Object argument) throws IllegalAccessException {
        try {
            method.invoke(null, argument);
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
        throw new AssertionError("expected " + method + " to throw");
    }
}
