package dev.mephisto.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

class KafkaClusterBackendTest {

    @Test
    void shouldExplainThatDockerRunsOneBrokerOnly() {
        UnsupportedOperationException error = assertThrows(UnsupportedOperationException.class,
                () -> KafkaCluster.start(3, KafkaCluster.Backend.DOCKER));
        assertTrue(error.getMessage().contains("IN_PROCESS"), error.getMessage());
    }

    @Test
    void shouldExplainMissingDockerDaemon() {
        assumeFalse(DockerClientFactory.instance().isDockerAvailable(), "a Docker daemon is running here");
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> KafkaCluster.start(1, KafkaCluster.Backend.DOCKER));
        assertEquals(KafkaCluster.NO_DOCKER_DAEMON_MESSAGE, error.getMessage());
    }

    @Test
    void shouldRejectBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> KafkaCluster.start(0));
        assertThrows(NullPointerException.class, () -> KafkaCluster.start(1, null));
        assertThrows(IllegalArgumentException.class, () -> KafkaClusterExtension.brokers(0));
    }

    @Test
    void shouldExplainUseOutsideTheTestClassLifecycle() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> KafkaClusterExtension.brokers(1).bootstrapServers());
        assertTrue(error.getMessage().contains("@RegisterExtension"), error.getMessage());
    }
}
