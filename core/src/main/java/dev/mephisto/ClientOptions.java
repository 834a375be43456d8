package dev.mephisto;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link TopicClient} connects: the broker, a client id, how long to wait for Kafka, and raw
 * Kafka client settings as the escape hatch. Immutable; each {@code withX} returns a copy.
 *
 * <pre>{@code
 * TopicClient client = TopicClient.connect(app, ClientOptions.defaults()
 *         .withBroker("kafka-1:9092,kafka-2:9092")
 *         .withClientId("order-importer")
 *         .withTimeout(Duration.ofSeconds(10))
 *         .withKafka("security.protocol", "SSL"));
 * }</pre>
 */
public final class ClientOptions {

    /** How long a client waits for Kafka unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final String broker;
    private final String clientId;
    private final Duration timeout;
    private final Map<String, Object> kafka;

    private ClientOptions(String broker, String clientId, Duration timeout, Map<String, Object> kafka) {
        this.broker = broker;
        this.clientId = clientId;
        this.timeout = timeout;
        this.kafka = kafka;
    }

    /**
     * The app's broker ({@link AppConfig#broker}, else the embedded broker a worker on this machine
     * started in the default data dir, else {@code 127.0.0.1:9092}), a client id after the app, and
     * a 30 s timeout: {@code ClientOptions.defaults()}.
     */
    public static ClientOptions defaults() {
        return new ClientOptions(null, null, DEFAULT_TIMEOUT, Map.of());
    }

    /**
     * A copy that connects to these bootstrap servers.
     *
     * <pre>{@code
     * ClientOptions.defaults().withBroker(worker.bootstrapServers());
     * }</pre>
     */
    public ClientOptions withBroker(String bootstrapServers) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers can't be null");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("the broker address is blank: give HOST:PORT[,HOST:PORT...]");
        }
        return new ClientOptions(bootstrapServers.trim(), clientId, timeout, kafka);
    }

    /**
     * A copy whose Kafka clients are named after {@code clientId} (in broker logs, quotas and
     * metrics); default {@code <application id>-client}.
     *
     * <pre>{@code
     * ClientOptions.defaults().withClientId("order-importer");
     * }</pre>
     */
    public ClientOptions withClientId(String clientId) {
        Objects.requireNonNull(clientId, "clientId can't be null");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("the client id is blank: name the client, such as \"order-importer\"");
        }
        return new ClientOptions(broker, clientId, timeout, kafka);
    }

    /**
     * A copy that waits at most {@code timeout} for Kafka: for metadata before a send, for a send to
     * be acknowledged (plus 5 s of retries), and for a reader to find its partitions.
     *
     * <pre>{@code
     * ClientOptions.defaults().withTimeout(Duration.ofSeconds(10));
     * }</pre>
     */
    public ClientOptions withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout can't be null");
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE - 5_000) {
            throw new IllegalArgumentException("the client timeout must be positive and below 24 days, got " + timeout);
        }
        return new ClientOptions(broker, clientId, timeout, kafka);
    }

    /**
     * The escape hatch: a copy with one more raw Kafka producer or consumer setting, applied last (so
     * it wins over Mephisto's own, {@code acks=all} and idempotence included). Each setting goes to
     * the clients that know it.
     *
     * <pre>{@code
     * ClientOptions.defaults().withKafka("linger.ms", 20).withKafka("max.poll.records", 100);
     * }</pre>
     */
    public ClientOptions withKafka(String key, Object value) {
        Objects.requireNonNull(key, "kafka setting name can't be null");
        Objects.requireNonNull(value, "kafka setting '" + key + "' can't be null");
        Map<String, Object> copy = new LinkedHashMap<>(kafka);
        copy.put(key, value);
        return new ClientOptions(broker, clientId, timeout, Collections.unmodifiableMap(copy));
    }

    /**
     * A copy with every one of these raw Kafka settings (a {@code Properties} works), as
     * {@link #withKafka(String, Object)}; a {@code bootstrap.servers} among them sets the broker.
     *
     * <pre>{@code
     * ClientOptions.defaults().withKafka(brokerOptions.clientProperties(app));
     * }</pre>
     */
    public ClientOptions withKafka(Map<?, ?> settings) {
        Objects.requireNonNull(settings, "kafka settings can't be null");
        ClientOptions copy = this;
        for (Map.Entry<?, ?> setting : settings.entrySet()) {
            String key = String.valueOf(setting.getKey());
            copy = key.equals("bootstrap.servers") ? copy.withBroker(String.valueOf(setting.getValue()))
                    : copy.withKafka(key, setting.getValue());
        }
        return copy;
    }

    /** The bootstrap servers given; empty means the app's. */
    public Optional<String> broker() {
        return Optional.ofNullable(broker);
    }

    /** The client id given; empty means one after the app. */
    public Optional<String> clientId() {
        return Optional.ofNullable(clientId);
    }

    /** How long the client waits for Kafka. */
    public Duration timeout() {
        return timeout;
    }

    /** The raw Kafka settings, in the order given. */
    public Map<String, Object> kafka() {
        return kafka;
    }

    @Override
    public String toString() {
        return "ClientOptions(broker=" + (broker == null ? "<the app's>" : broker) + ", timeout=" + timeout
                + ", kafka=" + kafka.keySet() + ")";
    }
}
