package dev.mephisto;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How one worker process runs an app: where the broker is, threads, state, the embedded broker's
 * data directory, and the operations port. These override the app's own config, as a deployment
 * overrides code. Immutable; copy with the {@code withX} methods.
 *
 * <pre>{@code
 * Worker worker = Worker.start(app, WorkerOptions.defaults()
 *         .withBroker("kafka-1:9092,kafka-2:9092")
 *         .withThreads(4)
 *         .withWebPort(6066));
 * }</pre>
 */
public final class WorkerOptions {

    /** Where the embedded broker keeps its data unless told otherwise. */
    public static final Path DEFAULT_DATA_DIR = Path.of(".mephisto", "kafka");
    /** The embedded broker's preferred port. */
    public static final int DEFAULT_BROKER_PORT = 9092;
    /** The worker's HTTP operations port. */
    public static final int DEFAULT_WEB_PORT = 6066;

    private final String broker;
    private final Integer threads;
    private final Path stateDir;
    private final Path dataDir;
    private final int brokerPort;
    private final int webPort;
    private final Map<String, Object> kafka;
    private final String adminToken;

    private WorkerOptions(String broker, Integer threads, Path stateDir, Path dataDir, int brokerPort, int webPort,
            Map<String, Object> kafka) {
        this(broker, threads, stateDir, dataDir, brokerPort, webPort, kafka, null);
    }

    private WorkerOptions(String broker, Integer threads, Path stateDir, Path dataDir, int brokerPort, int webPort,
            Map<String, Object> kafka, String adminToken) {
        this.broker = broker;
        this.threads = threads;
        this.stateDir = stateDir;
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.webPort = webPort;
        this.kafka = kafka;
        this.adminToken = adminToken;
    }

    /** The app's own settings, an embedded broker when the app names none, HTTP on port 6066. */
    public static WorkerOptions defaults() {
        return new WorkerOptions(null, null, null, DEFAULT_DATA_DIR, DEFAULT_BROKER_PORT, DEFAULT_WEB_PORT, Map.of());
    }

    /** A copy that connects to this cluster, {@code host:port[,host:port...]}, instead of embedding one. */
    public WorkerOptions withBroker(String bootstrapServers) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers can't be null");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("broker must be host:port[,host:port...], got an empty string");
        }
        return new WorkerOptions(bootstrapServers.trim(), threads, stateDir, dataDir, brokerPort, webPort, kafka, adminToken);
    }

    /** A copy with this many stream threads. */
    public WorkerOptions withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be 1 or more, got " + threads);
        }
        return new WorkerOptions(broker, threads, stateDir, dataDir, brokerPort, webPort, kafka, adminToken);
    }

    /** A copy keeping table state in this directory. */
    public WorkerOptions withStateDir(Path dir) {
        Objects.requireNonNull(dir, "dir can't be null");
        return new WorkerOptions(broker, threads, dir, dataDir, brokerPort, webPort, kafka, adminToken);
    }

    /** A copy whose embedded broker keeps its data in this directory. */
    public WorkerOptions withDataDir(Path dir) {
        Objects.requireNonNull(dir, "dir can't be null");
        return new WorkerOptions(broker, threads, stateDir, dir, brokerPort, webPort, kafka, adminToken);
    }

    /** A copy whose embedded broker prefers this port (the next free one is used if taken; 0 for any). */
    public WorkerOptions withBrokerPort(int port) {
        requirePort(port);
        return new WorkerOptions(broker, threads, stateDir, dataDir, port, webPort, kafka, adminToken);
    }

    /** A copy serving health, metrics and lookups on this port; 0 for any free port, -1 for none. */
    public WorkerOptions withWebPort(int port) {
        if (port != -1) {
            requirePort(port);
        }
        return new WorkerOptions(broker, threads, stateDir, dataDir, brokerPort, port, kafka, adminToken);
    }

    /** A copy with one more raw Kafka property, applied over the app's. */
    public WorkerOptions withKafka(String key, Object value) {
        Objects.requireNonNull(key, "key can't be null");
        Objects.requireNonNull(value, "value can't be null (Kafka property '" + key + "')");
        Map<String, Object> copy = new LinkedHashMap<>(kafka);
        copy.put(key, value);
        return new WorkerOptions(broker, threads, stateDir, dataDir, brokerPort, webPort,
                Collections.unmodifiableMap(copy), adminToken);
    }

    /**
     * A copy that allows {@code POST /pause} and {@code POST /resume} to callers presenting this
     * bearer token; without a token those endpoints are refused.
     */
    public WorkerOptions withAdminToken(String token) {
        Objects.requireNonNull(token, "token can't be null");
        if (token.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank");
        }
        return new WorkerOptions(broker, threads, stateDir, dataDir, brokerPort, webPort, kafka, token);
    }

    public Optional<String> adminToken() {
        return Optional.ofNullable(adminToken);
    }

    public Optional<String> broker() {
        return Optional.ofNullable(broker);
    }

    public OptionalInt threads() {
        return threads == null ? OptionalInt.empty() : OptionalInt.of(threads);
    }

    public Optional<Path> stateDir() {
        return Optional.ofNullable(stateDir);
    }

    public Path dataDir() {
        return dataDir;
    }

    public int brokerPort() {
        return brokerPort;
    }

    public int webPort() {
        return webPort;
    }

    public Map<String, Object> kafka() {
        return kafka;
    }

    private static void requirePort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("a port is 0 to 65535, got " + port);
        }
    }
}
