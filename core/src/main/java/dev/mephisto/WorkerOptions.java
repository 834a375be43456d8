package dev.mephisto;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How one worker process runs an app: where the broker is, threads, state, the embedded broker's
 * data directory, the operations port and address, and when health turns not ready. These override the app's own
 * config, as a deployment overrides code. Immutable; copy with the {@code withX} methods.
 *
 * <p>Each option is also a {@link Setting} of the same name, which the command line resolves from
 * flags, the environment and the config file ({@link #from(Settings)}): {@code withThreads} is
 * {@link #THREADS}, {@code --threads}, {@code MEPHISTO_THREADS} and {@code mephisto.threads}.
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
    public static final Duration DEFAULT_STUCK_AFTER = Duration.ofSeconds(30);
    /** Free space under which the disk holding state or broker data makes the worker not ready: 64 MiB. */
    public static final long DEFAULT_MIN_FREE_DISK = 64L * 1024 * 1024;

    /** {@link #withBroker}: {@code --broker}, {@code MEPHISTO_BROKER} (or {@code KAFKA_BOOTSTRAP_SERVERS}). */
    public static final Setting<String> BROKER = Setting.text("mephisto.broker",
                    "Kafka bootstrap servers. Unset: the app's config, else an embedded broker.")
            .withLabel("HOST:PORT[,...]").withAliases("KAFKA_BOOTSTRAP_SERVERS", "bootstrap.servers");
    /** {@link #withThreads}: {@code --threads}, {@code MEPHISTO_THREADS}, {@code mephisto.threads}. */
    public static final Setting<Integer> THREADS = Setting.integer("mephisto.threads",
                    "Stream threads of this worker. Unset: the app's config (AppConfig.withThreads, 1).")
            .withCheck(threads -> threads >= 1, "must be 1 or more").withAliases("num.stream.threads");
    /** {@link #withStateDir}: {@code --state-dir}, {@code MEPHISTO_STATE_DIR}, {@code mephisto.state.dir}. */
    public static final Setting<Path> STATE_DIR = Setting.path("mephisto.state.dir",
                    "Where tables keep local state. Unset: the app's config, else state/<cluster id> beside the"
                            + " data dir (./.mephisto/state/<cluster id>).")
            .withLabel("DIR").withAliases("state.dir");
    /** {@link #withDataDir}: {@code --data-dir}, {@code MEPHISTO_DATA_DIR}, {@code mephisto.data.dir}. */
    public static final Setting<Path> DATA_DIR = Setting.path("mephisto.data.dir", "The embedded broker's data.")
            .withLabel("DIR").withDefault(DEFAULT_DATA_DIR);
    /** {@link #withBrokerPort}: {@code --broker-port}, {@code MEPHISTO_BROKER_PORT}, {@code mephisto.broker.port}. */
    public static final Setting<Integer> BROKER_PORT = Setting.integer("mephisto.broker.port",
                    "Preferred port of the embedded broker; the next free one is used if taken, 0 for any.")
            .withLabel("PORT").withDefault(DEFAULT_BROKER_PORT)
            .withCheck(port -> port >= 0 && port <= 65_535, "must be a port from 0 to 65535");
    /** {@link #withWebPort}: {@code --web-port}, {@code MEPHISTO_WEB_PORT}, {@code mephisto.web.port}. */
    public static final Setting<Integer> WEB_PORT = Setting.integer("mephisto.web.port",
                    "HTTP port for health, metrics and lookups; 0 for any, -1 for none.")
            .withLabel("PORT").withDefault(DEFAULT_WEB_PORT)
            .withCheck(port -> port >= -1 && port <= 65_535, "must be a port from 0 to 65535, or -1 for none");
    /** {@link #withWebBindAddress}: {@code --web-bind}, {@code MEPHISTO_WEB_BIND}, {@code mephisto.web.bind}. */
    public static final Setting<String> WEB_BIND = Setting.text("mephisto.web.bind",
                    "Address the HTTP surface listens on: 0.0.0.0 for every interface (containers), 127.0.0.1 for"
                            + " this machine only. Unset: 127.0.0.1 with the embedded broker, 0.0.0.0 with a"
                            + " configured one.")
            .withLabel("ADDRESS");
    /** {@link #withStuckAfter}: {@code --stuck-after}, {@code MEPHISTO_STUCK_AFTER}, {@code mephisto.stuck.after}. */
    public static final Setting<Duration> STUCK_AFTER = Setting.duration("mephisto.stuck.after",
                    "Readiness turns false while a stream thread spends longer on one record.")
            .withDefault(DEFAULT_STUCK_AFTER)
            .withCheck(deadline -> deadline.compareTo(Duration.ofSeconds(1)) >= 0, "must be 1s or more");
    /** {@link #withMinFreeDisk}: {@code --min-free-disk}, {@code MEPHISTO_MIN_FREE_DISK}, {@code mephisto.min.free.disk}. */
    public static final Setting<Long> MIN_FREE_DISK = Setting.size("mephisto.min.free.disk",
                    "Readiness turns false while the disk holding state or broker data has less free; 0B checks"
                            + " only for a full disk.")
            .withDefault(DEFAULT_MIN_FREE_DISK).withCheck(bytes -> bytes >= 0, "must be 0B or more");
    /** {@link #withAdminToken}: {@code --admin-token}, {@code MEPHISTO_ADMIN_TOKEN}, {@code mephisto.admin.token}. */
    public static final Setting<String> ADMIN_TOKEN = Setting.text("mephisto.admin.token",
                    "Bearer token that allows POST /pause and /resume; unset, they are refused.")
            .withLabel("TOKEN");
    /** Every worker setting, in the order {@code worker --help} lists them. */
    public static final List<Setting<?>> SETTINGS = List.of(BROKER, THREADS, STATE_DIR, DATA_DIR, BROKER_PORT,
            WEB_PORT, WEB_BIND, STUCK_AFTER, MIN_FREE_DISK, ADMIN_TOKEN);

    private final String broker;
    private final Integer threads;
    private final Path stateDir;
    private final Path dataDir;
    private final int brokerPort;
    private final int webPort;
    private final Map<String, Object> kafka;
    private final String adminToken;
    private final String webBindAddress;
    private final Duration stuckAfter;
    private final long minFreeDisk;

    private WorkerOptions(String broker, Integer threads, Path stateDir, Path dataDir, int brokerPort, int webPort,
            Map<String, Object> kafka, String adminToken, String webBindAddress, Duration stuckAfter,
            long minFreeDisk) {
        this.broker = broker;
        this.threads = threads;
        this.stateDir = stateDir;
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.webPort = webPort;
        this.kafka = kafka;
        this.adminToken = adminToken;
        this.webBindAddress = webBindAddress;
        this.stuckAfter = stuckAfter;
        this.minFreeDisk = minFreeDisk;
    }

    /** The app's own settings, an embedded broker when the app names none, HTTP on port 6066. */
    public static WorkerOptions defaults() {
        return new WorkerOptions(null, null, null, DEFAULT_DATA_DIR, DEFAULT_BROKER_PORT, DEFAULT_WEB_PORT, Map.of(),
                null, null, DEFAULT_STUCK_AFTER, DEFAULT_MIN_FREE_DISK);
    }

    /**
     * The defaults overridden by {@code settings} (which must declare {@link #SETTINGS}), its file's
     * Kafka properties included; what {@code worker} runs with.
     *
     * <pre>{@code
     * WorkerOptions options = WorkerOptions.from(Settings.defaults(WorkerOptions.SETTINGS).with(WorkerOptions.THREADS, 4));
     * }</pre>
     */
    public static WorkerOptions from(Settings settings) {
        Objects.requireNonNull(settings, "settings can't be null");
        WorkerOptions options = defaults();
        for (Map.Entry<String, String> property : settings.kafka().entrySet()) {
            options = options.withKafka(property.getKey(), property.getValue());
        }
        options = settings.find(BROKER).map(options::withBroker).orElse(options);
        options = settings.find(THREADS).map(options::withThreads).orElse(options);
        options = settings.find(STATE_DIR).map(options::withStateDir).orElse(options);
        options = settings.find(WEB_BIND).map(options::withWebBindAddress).orElse(options);
        options = settings.find(ADMIN_TOKEN).map(options::withAdminToken).orElse(options);
        return options.withDataDir(settings.get(DATA_DIR))
                .withBrokerPort(settings.get(BROKER_PORT))
                .withWebPort(settings.get(WEB_PORT))
                .withStuckAfter(settings.get(STUCK_AFTER))
                .withMinFreeDisk(settings.get(MIN_FREE_DISK));
    }

    /** A copy that connects to this cluster, {@code host:port[,host:port...]}, instead of embedding one. */
    public WorkerOptions withBroker(String bootstrapServers) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers can't be null");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("broker must be host:port[,host:port...], got an empty string");
        }
        return new WorkerOptions(bootstrapServers.trim(), threads, stateDir, dataDir, brokerPort, webPort, kafka,
                adminToken, webBindAddress, stuckAfter, minFreeDisk);
    }

    /** A copy with this many stream threads. */
    public WorkerOptions withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be 1 or more, got " + threads);
        }
        return new WorkerOptions(broker, threads, stateDir, dataDir, brokerPort, webPort, kafka,
                adminToken, webBindAddress, stuckAfter, minFreeDisk);
    }

    /**
     * A copy keeping table state in this directory (Kafka Streams adds the application id below it).
     * Unset, state goes to {@code state/<cluster id>} beside the data dir ({@link #withDataDir}),
     * {@code ./.mephisto/state/<cluster id>} by default, so no two clusters share it; either way a
     * worker deletes state built from another cluster, or from a topic since deleted or recreated,
     * and rebuilds it from the topics.
     */
    public WorkerOptions withStateDir(Path dir) {
        Objects.requireNonNull(dir, "dir can't be null");
        return new WorkerOptions(broker, threads, dir, dataDir, brokerPort, webPort, kafka,
                adminToken, webBindAddress, stuckAfter, minFreeDisk);
    }

    /**
     * A copy whose embedded broker keeps its data in this directory; without {@link #withStateDir},
     * table state goes to {@code state/<cluster id>} beside it, also with a configured broker.
     */
    public WorkerOptions withDataDir(Path dir) {
        Objects.requireNonNull(dir, "dir can't be null");
        return new WorkerOptions(broker, threads, stateDir, dir, brokerPort, webPort, kafka,
                adminToken, webBindAddress, stuckAfter, minFreeDisk);
    }

    /** A copy whose embedded broker prefers this port (the next free one is used if taken; 0 for any). */
    public WorkerOptions withBrokerPort(int port) {
        requirePort(port);
        return new WorkerOptions(broker, threads, stateDir, dataDir, port, webPort, kafka,
                adminToken, webBindAddress, stuckAfter, minFreeDisk);
    }

    /** A copy serving health, metrics and lookups on this port; 0 for any free port, -1 for none. */
    public WorkerOptions withWebPort(int port) {
        if (port != -1) {
            requirePort(port);
        }
        return new WorkerOptions(broker, threads, stateDir, dataDir, brokerPort, port, kafka,
                adminToken, webBindAddress, stuckAfter, minFreeDisk);
    }

    /** A copy with one more raw Kafka property, applied over the app's. */
    public WorkerOptions withKafka(String key, Object value) {
        Objects.requireNonNull(key, "key can't be null");
        Objects.requireNonNull(value, "value can't be null (Kafka property '" + key + "')");
        Map<String, Object> copy = new LinkedHashMap<>(kafka);
        copy.put(key, value);
        return new WorkerOptions(broker, threads, stateDir, dataDir, brokerPort, webPort,
                Collections.unmodifiableMap(copy),
                adminToken, webBindAddress, stuckAfter, minFreeDisk);
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
                stuckAfter, minFreeDisk);
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
                address.trim(), stuckAfter, minFreeDisk);
    }

    /**
     * A copy whose readiness turns false while a stream thread has spent longer than this on one
     * record (or without polling the broker), naming the agent or thread; 30 s unless set.
     */
    public WorkerOptions withStuckAfter(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline can't be null");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the stuck-record deadline must be positive, got " + deadline);
        }
        return new WorkerOptions(broker, threads, stateDir, dataDir, brokerPort, webPort, kafka, adminToken,
                webBindAddress, deadline, minFreeDisk);
    }

    /**
     * A copy whose readiness turns false while the disk holding table state or the embedded
     * broker's data has less than this many bytes free; 64 MiB unless set, 0 to check only for a
     * full disk.
     */
    public WorkerOptions withMinFreeDisk(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("the minimum free disk space must be 0 or more bytes, got " + bytes);
        }
        return new WorkerOptions(broker, threads, stateDir, dataDir, brokerPort, webPort, kafka, adminToken,
                webBindAddress, stuckAfter, bytes);
    }

    /** The HTTP bind address, if set; empty means loopback with an embedded broker, every interface otherwise. */
    public Optional<String> webBindAddress() {
        return Optional.ofNullable(webBindAddress);
    }

    /** How long a stream thread may spend on one record before readiness turns false ({@link #withStuckAfter}). */
    public Duration stuckAfter() {
        return stuckAfter;
    }

    /** The free bytes below which readiness turns false ({@link #withMinFreeDisk}). */
    public long minFreeDisk() {
        return minFreeDisk;
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
