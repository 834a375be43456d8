package dev.mephisto.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.util.concurrent.TimeUnit;

import dev.mephisto.ClasspathWithout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KafkaClusterWithoutTestcontainersIT {

    @Test
    void shouldRunInProcessAndExplainDockerWhenTestcontainersIsMissing() throws Exception {
        String previous = System.setProperty(KafkaCluster.DOCKER_PROPERTY, "true");
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = ClasspathWithout.jars("testcontainers-", "docker-java-", "duct-tape-")) {
            // As for a user without Testcontainers: Kafka loads plugins through the context class loader.
            Thread.currentThread().setContextClassLoader(loader);
            assertFalse(canLoad(loader, "org.testcontainers.DockerClientFactory"));
            Class<?> cluster = loader.loadClass(KafkaCluster.class.getName());
            Class<?> backend = loader.loadClass(KafkaCluster.Backend.class.getName());
            Method start = cluster.getMethod("start", int.class, backend);

            Object auto = start.invoke(null, 1, backendConstant(backend, "AUTO"));
            try {
                assertEquals("IN_PROCESS", cluster.getMethod("backend").invoke(auto).toString());
            } finally {
                cluster.getMethod("close").invoke(auto);
            }

            InvocationTargetException docker = assertThrows(
                    InvocationTargetException.class, () -> start.invoke(null, 1, backendConstant(backend, "DOCKER")));
            assertEquals(IllegalStateException.class.getName(), docker.getCause().getClass().getName());
            assertEquals(KafkaCluster.MISSING_TESTCONTAINERS_MESSAGE, docker.getCause().getMessage());
        } finally {
            Thread.currentThread().setContextClassLoader(context);
            if (previous == null) {
                System.clearProperty(KafkaCluster.DOCKER_PROPERTY);
            } else {
                System.setProperty(KafkaCluster.DOCKER_PROPERTY, previous);
            }
        }
    }

    private static Object backendConstant(Class<?> backend, String name) {
        for (Object constant : backend.getEnumConstants()) {
            if (constant.toString().equals(name)) {
                return constant;
            }
        }
        throw new AssertionError("no backend " + name);
    }

    private static boolean canLoad(ClassLoader loader, String name) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
