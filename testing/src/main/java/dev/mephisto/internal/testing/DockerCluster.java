package dev.mephisto.internal.testing;

import java.time.Duration;
import java.util.List;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** One Kafka broker in a Docker container, through Testcontainers. The only class that touches Testcontainers. */
public final class DockerCluster implements RunningCluster {

    public static final String REQUIRED_CLASS = "org.testcontainers.kafka.KafkaContainer";
    public static final String IMAGE = "apache/kafka:4.4.0";
    public static final String CANNOT_STOP_ONE_BROKER = "the DOCKER backend runs a single broker in a container and "
            + "cannot stop or restart it on its own; use KafkaCluster.Backend.IN_PROCESS (e.g. KafkaCluster.start(3)) to "
            + "stop and start brokers";

    private final KafkaContainer container;

    private DockerCluster(KafkaContainer container) {
        this.container = container;
    }

    public static boolean daemonAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    public static RunningCluster start(Duration timeout) {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(IMAGE))
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withStartupTimeout(timeout);
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new IllegalStateException("the Docker Kafka container " + IMAGE + " failed to start: " + e.getMessage(), e);
        }
        return new DockerCluster(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public int brokerCount() {
        return 1;
    }

    @Override
    public List<Integer> brokerIds() {
        return List.of(1);
    }

    @Override
    public boolean isBrokerRunning(int id) {
        return container.isRunning();
    }

    @Override
    public void stopBroker(int id, Duration timeout) {
        throw new UnsupportedOperationException(CANNOT_STOP_ONE_BROKER);
    }

    @Override
    public void startBroker(int id, Duration timeout) {
        throw new UnsupportedOperationException(CANNOT_STOP_ONE_BROKER);
    }

    @Override
    public void close() {
        container.stop();
    }
}
