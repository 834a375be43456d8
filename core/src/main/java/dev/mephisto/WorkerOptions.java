package dev.mephisto;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How one worker process runs an app: where the broker is, threads, state, the embedded broker's
 * data directory, the operations port and address, and when health turns not ready. These override the app's own config, as a deployment
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
    /** How long a stream thread may spend on one record before the worker stops reporting ready. */
    public static final Duration DEFAULT_STUCK_RECORD_DEADLINE = Duration.ofSeconds(30);
    /** Free space under which the disk holding state or broker data makes the worker not ready: 64 MiB. */
    public static final long DEFAULT_MIN_FREE_DISK_BYTES = 64L * 1024 * 1024;

    private final String broker;
    private final Integer threads;
    private final Path stateDir;
    private final Path dataDir;
    private final int brokerPort;
    private final int webPort;
    private final Map<String, Object> kafka;
    private final String adminToken;
    private final String webBindAddress;
    private final Duration stuckRecordDeadline;
    private final long minFreeDiskBytes;

    private WorkerOptions(String broker, Integer threads, Path stateDir, Path dataDir, int brokerPort, int webPort,
            Map<String, Object> kafka, String adminToken, String webBindAddress, Duration stuckRecordDeadline,
            long minFreeDiskBytes) {
        this.broker = broker;
        this.threads = threads;
        this.stateDir = stateDir;
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.webPort = webPort;
        this.kafka = kafka;
        this.adminToken = adminToken;
        this.webBindAddress = webBindAddress;
        this.stuckRecordDeadline = stuckRecordDeadline;
        this.minFreeDiskBytes = minFreeDiskBytes;
    }

    /** The app's own settings, an embedded broker when the app names none, HTTP on port 6066. */
    public static WorkerOptions defaults() {
        return new WorkerOptions(null, null, null, DEFAULT_DATA_DIR, DEFAULT_BROKER_PORT, DEFAULT_WEB_PORT, Map.of(),
                null, null, DEFAULT_STUCK_RECORD_DEADLINE, DEFAULT_MIN_FREE_DISK_BYTES);
    }

    /** A copy that connects to this cluster, {@code host:port[,host:port...]}, instead of embedding one. */
    public WorkerOptions withBroker(String bootstrapServers) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers can't be null");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("broker must be host:port[,host:port...], got an empty string");
        }
        return new WorkerOptions(bootstrapServers.trim(), threads, stateDir, dataDir, brokerPort, webPort, kafka,
                adminToken, webBindAddress, stuckRecordDeadline, minFreeDiskBytes);
    }

    /** A copy with this many stream threads. */
    public WorkerOptions withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be 1 or more, got " + threads);
        }
        return new WorkerOptions(broker, threads, stateDir, dataDir, brokerPort, webPort, kafka,
                adminToken, webBindAddress, stuckRecordDeadline, minFreeDiskBytes);
    }

    /** A copy keeping table state in this directory. */
    public WorkerOptions withStateDir(Path dir) {
        Objects.requireNonNull(dir, "dir can't be null");
        return new WorkerOptions(broker, threads, dir, dataDir, brokerPort, webPort, kafka,
                adminToken, webBindAddress, stuckRecordDeadline, minFreeDiskBytes);
    }

    /** A copy whose embedded broker keeps its data in this directory. */
    public WorkerOptions withDataDir(Path dir) {
        Objects.requireNonNull(dir, "dir can't be null");
        return new WorkerOptions(broker, threads, stateDir, dir, brokerPort, webPort, kafka,
                adminToken, webBindAddress, stuckRecordDeadline, minFreeDiskBytes);
    }

    /** A copy whose embedded broker prefers this port (the next free one is used if taken; 0 for any). */
    public WorkerOptions withBrokerPort(int port) {
        requirePort(port);
        return new WorkerOptions(broker, threads, stateDir, dataDir, port, webPort, kafka,
                adminToken, webBindAddress, stuckRecordDeadline, minFreeDiskBytes);
    }

    /** A copy serving health, metrics and lookups on this port; 0 for any free port, -1 for none. */
    public WorkerOptions withWebPort(int port) {
        if (port != -1) {
            requirePort(port);
        }
        return new WorkerOptions(broker, threads, stateDir, dataDir, brokerPort, port, kafka,
                adminToken, webBindAddress, stuckRecordDeadline, minFreeDiskBytes);
    }

    /** A copy with one more raw Kafka property, applied over the app's. */
    public WorkerOptions withKafka(String key, Object value) {
        Objects.requireNonNull(key, "key can't be null");
        Objects.requireNonNull(value, "value can't be null (Kafka property '" + key + "')");
        Map<String, Object> copy = new LinkedHashMap<>(kafka);
        copy.put(key, value);
        return new WorkerOptions(broker, threads, stateDir, dataDir, brokerPort, webPort,
                Collections.unmodifiableMap(copy),
                adminToken, webBindAddress, stuckRecordDeadline, minFreeDiskBytes);
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
        return new WorkerOptions(broker, threads, stateDir, dataDir, brokerPort, webPort, kafka, token, webBindAddress,
                stuckRecordDeadline, minFreeDiskBytes);
    }

    /**
     * A copy serving HTTP on this address only: {@code 127.0.0.1} keeps it on this machine,
     * {@code 0.0.0.0} opens it on every interface (what a container needs). Unset, a worker with an
     * embedded broker serves on loopback and one with a configured broker on every interface.
     *
     * <pre>{@code
     * WorkerOptions.defaults().withBroker("kafka:9092").withWebBindAddress("0.0.0.0")
     * }</pre>
     */
    public WorkerOptions withWebBindAddress(String address) {
        Objects.requireNonNull(address, "address can't be null");
        if (address.isBlank()) {
            throw new IllegalArgumentException("the web bind address must be an IP address or host name such as"
                    + " 127.0.0.1 or 0.0.0.0, got an empty string");
        }
        return new WorkerOptions(broker, threads, stateDir, dataDir, brokerPort, webPort, kafka, adminToken,
                address.trim(), stuckRecordDeadline, minFreeDiskBytes);
    }

    /**
     * A copy whose readiness turns false while a stream thread has spent longer than this on one
     * record (or without polling the broker), naming the agent or thread; 30 s unless set.
     */
    public WorkerOptions withStuckRecordDeadline(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline can't be null");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the stuck-record deadline must be positive, got " + deadline);
        }
        return new WorkerOptions(broker, threads, stateDir, dataDir, brokerPort, webPort, kafka, adminToken,
                webBindAddress, deadline, minFreeDiskBytes);
    }

    /**
     * A copy whose readiness turns false while the disk holding table state or the embedded
     * broker's data has less than this many bytes free; 64 MiB unless set, 0 to check only for a
     * full disk.
     */
    public WorkerOptions withMinFreeDiskBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("the minimum free disk space must be 0 or more bytes, got " + bytes);
        }
        return new WorkerOptions(broker, threads, stateDir, dataDir, brokerPort, webPort, kafka, adminToken,
                webBindAddress, stuckRecordDeadline, bytes);
    }

    /** The HTTP bind address, if set; empty means loopback with an embedded broker, every interface otherwise. */
    public Optional<String> webBindAddress() {
        return Optional.ofNullable(webBindAddress);
    }

    public Duration stuckRecordDeadline() {
        return stuckRecordDeadline;
    }

    public long minFreeDiskBytes() {
        return minFreeDiskBytes;
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
