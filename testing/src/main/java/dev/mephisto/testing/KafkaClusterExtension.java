package dev.mephisto.testing;

import java.util.Objects;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that starts a {@link KafkaCluster} once before the test class's first test and closes it
 * after its last. Register it on a {@code static} field; nested test classes share the outer class's cluster.
 *
 * <pre>{@code
 * class PaymentsIT {
 *     @RegisterExtension
 *     static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);
 *
 *     @Test
 *     void shouldPublishPayment() {
 *         props.put("bootstrap.servers", kafka.bootstrapServers());
 *     }
 * }
 * }</pre>
 */
public final class KafkaClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private final int brokers;
    private final KafkaCluster.Backend backend;
    private volatile KafkaCluster cluster;
    private volatile String ownerId;

    private KafkaClusterExtension(int brokers, KafkaCluster.Backend backend) {
        this.brokers = brokers;
        this.backend = backend;
    }

    /**
     * An extension for a cluster of {@code brokers} in-process brokers.
     *
     * <pre>{@code
     * @RegisterExtension
     * static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(3);
     * }</pre>
     */
    public static KafkaClusterExtension brokers(int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("a Kafka cluster needs at least 1 broker, was " + brokers);
        }
        return new KafkaClusterExtension(brokers, KafkaCluster.Backend.IN_PROCESS);
    }

    /**
     * A copy of this extension that starts its cluster on {@code backend}.
     *
     * <pre>{@code
     * @RegisterExtension
     * static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1).withBackend(KafkaCluster.Backend.AUTO);
     * }</pre>
     */
    public KafkaClusterExtension withBackend(KafkaCluster.Backend backend) {
        Objects.requireNonNull(backend, "backend can't be null");
        return new KafkaClusterExtension(brokers, backend);
    }

    /**
     * The running cluster's {@code bootstrap.servers}.
     *
     * <pre>{@code
     * props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
     * }</pre>
     *
     * @throws IllegalStateException outside the test class's lifecycle
     */
    public String bootstrapServers() {
        return cluster().bootstrapServers();
    }

    /**
     * The running cluster, for {@link KafkaCluster#createTopic} and the like.
     *
     * <pre>{@code
     * kafka.cluster().createTopic("orders", 3, (short) 1);
     * }</pre>
     *
     * @throws IllegalStateException outside the test class's lifecycle
     */
    public KafkaCluster cluster() {
        KafkaCluster running = cluster;
        if (running == null) {
            throw new IllegalStateException("the Kafka cluster is not running: register KafkaClusterExtension on a "
                    + "static field with @RegisterExtension, and use it from tests or @BeforeEach/@AfterEach");
        }
        return running;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (cluster != null) {
            return; // a @Nested class: keep the outer class's cluster
        }
        cluster = KafkaCluster.start(brokers, backend);
        ownerId = context.getUniqueId();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        KafkaCluster running = cluster;
        if (running == null || !context.getUniqueId().equals(ownerId)) {
            return;
        }
        cluster = null;
        ownerId = null;
        running.close();
    }
}
