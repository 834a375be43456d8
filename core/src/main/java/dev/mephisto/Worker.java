package dev.mephisto;

import dev.mephisto.broker.EmbeddedBroker;
import dev.mephisto.internal.health.HealthWatch;
import dev.mephisto.internal.runtime.FeedRunner;
import dev.mephisto.internal.runtime.LocalBrokerAddress;
import dev.mephisto.internal.runtime.SinkRunner;
import dev.mephisto.internal.model.FeedSpec;
import dev.mephisto.internal.model.SinkSpec;
import dev.mephisto.internal.runtime.DeadLetterWriter;
import java.util.HashMap;
import java.util.Map;
import dev.mephisto.internal.runtime.StatsReporter;
import dev.mephisto.internal.runtime.WorkerMetrics;
import dev.mephisto.internal.web.Ingress;
import dev.mephisto.internal.runtime.TopicAdministrator;
import dev.mephisto.internal.web.OperationsServer;
import dev.mephisto.internal.web.TableLookup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of an app (what {@code java -jar app.jar worker} starts): it creates the
 * declared topics that are missing, runs the topology on Kafka Streams, and serves health and
 * table lookups over HTTP. Workers of one app share its partitions; start more to scale out.
 * With no broker configured, it first starts an embedded single-node Kafka broker.
 *
 * <pre>{@code
 * try (Worker worker = Worker.start(app, WorkerOptions.defaults().withBroker("localhost:9092"))) {
 *     worker.awaitRunning(Duration.ofSeconds(30));
 *     Long count = worker.get(wordCounts, "hello");
 * }
 * }</pre>
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** How long closing waits for Kafka Streams when the broker or the disk already failed: its commits cannot succeed. */
    private static final Duration FAILING_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration BROKER_CHECK_EVERY = Duration.ofSeconds(2);
    private static final Duration BROKER_CHECK_TIMEOUT = Duration.ofSeconds(5);

    private final App app;
    private final EmbeddedBroker broker;
    private final String bootstrapServers;
    private final KafkaStreams streams;
    private final OperationsServer web;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Throwable failure;

    private final List<AutoCloseable> runners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private TopicClient client;
    private final StatsReporter stats;
    private final WorkerMetrics metrics;
    private final Ingress ingress;
    private final HealthWatch health;

    private Worker(App app, EmbeddedBroker broker, String bootstrapServers, KafkaStreams streams,
            OperationsServer web, StatsReporter stats, WorkerMetrics metrics, Ingress ingress, HealthWatch health) {
        this.health = health;
        this.app = app;
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.streams = streams;
        this.web = web;
        this.stats = stats;
        this.metrics = metrics;
        this.ingress = ingress;
    }

    /** Starts a worker with default options: the app's broker, or an embedded one. */
    public static Worker start(App app) {
        return start(app, WorkerOptions.defaults());
    }

    /**
     * Starts a worker and returns once Kafka Streams is started (not yet necessarily RUNNING; see
     * {@link #awaitRunning(Duration)}).
     *
     * @throws InvalidAppException when the app's declarations do not fit together
     * @throws IllegalStateException when the cluster does not fit the app (a topic's partitions or
     *     settings conflict with its declaration), naming every problem
     */
    public static Worker start(App app, WorkerOptions options) {
        Objects.requireNonNull(app, "app can't be null");
        Objects.requireNonNull(options, "options can't be null");
        long began = System.nanoTime();
        Topology topology = app.topology();
        EmbeddedBroker broker = null;
        String bootstrap = options.broker().or(() -> app.config().broker()).orElse(null);
        if (bootstrap == null) {
            broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                    .withDataDir(options.dataDir()).withPort(options.brokerPort()));
            bootstrap = broker.bootstrapServers();
            LocalBrokerAddress.write(broker.dataDir(), bootstrap);
            log.info("no broker configured, so started an embedded Kafka broker at {} (data in {}); other processes"
                    + " connect with --broker {}", bootstrap, broker.dataDir(), bootstrap);
        }
        try {
            return start(app, options, topology, broker, bootstrap, began);
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    private static Worker start(App app, WorkerOptions options, Topology topology, EmbeddedBroker broker,
            String bootstrap, long began) {
        Properties props = app.streamsProperties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        options.threads().ifPresent(threads -> props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads));
        options.stateDir().ifPresent(dir -> props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toAbsolutePath().toString()));
        props.putAll(options.kafka());
        if (broker != null && !props.containsKey(StreamsConfig.STATE_DIR_CONFIG)) {
            // tables live and die with the embedded broker's data: state left in the OS temp dir by an
            // earlier broker would meet a fresh one as corrupted tasks
            props.put(StreamsConfig.STATE_DIR_CONFIG, embeddedStateDir(broker.dataDir()).toString());
        }
        prepareTopics(app, topology, props);

        HostInfo self = null;
        int webPort = options.webPort();
        InetAddress bind = null;
        if (webPort >= 0) {
            bind = webBindAddress(app, options, broker != null);
            webPort = webPort == 0 ? freePort(bind) : webPort;
            self = new HostInfo(advertisedHost(bind), webPort);
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        }
        KafkaStreams streams = new KafkaStreams(topology, props);
        StatsReporter stats = StatsReporter.start(app.agentMetrics(), app.config().statsInterval());
        WorkerMetrics metrics = new WorkerMetrics(app.name(), streams, app.agentMetrics(), app.deadLetters());
        OperationsServer web = null;
        Ingress ingress = null;
        HealthWatch health = null;
        try {
            if (webPort >= 0) {
                ingress = new Ingress(app, bootstrap);
                health = HealthWatch.start(app.name(), app.applicationId(), streams, props, app.agentMetrics(),
                        new HealthWatch.Settings(options.stuckRecordDeadline(), options.minFreeDiskBytes(),
                                watchedDirs(props, broker), BROKER_CHECK_EVERY, BROKER_CHECK_TIMEOUT,
                                broker != null));
                web = OperationsServer.start(new InetSocketAddress(bind, webPort), new OperationsServer.Parts(app,
                        streams, new TableLookup(app, streams, self), stats, metrics, ingress,
                        options.adminToken().orElse(null), health));
            }
        } catch (IOException e) {
            streams.close();
            stats.close();
            metrics.close();
            ingress.close();
            health.close();
            throw new IllegalStateException("worker of app '" + app.name() + "' cannot serve HTTP on "
                    + bind.getHostAddress() + ":" + webPort + ": " + e.getMessage() + "; choose another port with"
                    + " --web-port (0 for any free port) or another address with --web-bind", e);
        }
        Worker worker = new Worker(app, broker, bootstrap, streams, web, stats, metrics, ingress, health);
        streams.setUncaughtExceptionHandler(worker::onStreamThreadFailure);
        streams.setStateListener((next, previous) -> worker.onStateChange(next, previous, began));
        streams.start();
        worker.startSinksAndFeeds(props);
        log.info("worker started app={} applicationId={} broker={} threads={} web={}", app.name(),
                app.applicationId(), bootstrap, props.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG),
                web == null ? "off" : web.port());
        return worker;
    }

    /** Where tables keep local state beside an embedded broker's data dir: {@code .mephisto/kafka-streams} for the default. */
    static Path embeddedStateDir(Path brokerDataDir) {
        Path dir = brokerDataDir.toAbsolutePath().normalize();
        return dir.resolveSibling(dir.getFileName() + "-streams");
    }

    private static void prepareTopics(App app, Topology topology, Properties streamsProps) {
        Properties adminProps = new Properties();
        streamsProps.forEach((key, value) -> adminProps.put(key, value));
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(adminProps)) {
            List<String> problems = new TopicAdministrator(app, admin, ADMIN_TIMEOUT).prepare(topology);
            if (!problems.isEmpty()) {
                throw new InvalidAppException(app.name(), problems);
            }
        }
    }

    private void startSinksAndFeeds(Properties streamsProps) {
        if (app.sinks().isEmpty() && app.feeds().isEmpty()) {
            return;
        }
        client = TopicClient.connect(app, ClientOptions.defaults().withBroker(bootstrapServers)
                .withClientId(app.applicationId() + "-feeds").withKafka("max.poll.records", 200));
        Map<String, Object> configs = new HashMap<>();
        streamsProps.forEach((key, value) -> configs.put(key.toString(), value));
        DeadLetterWriter deadLetters = new DeadLetterWriter(client, configs);
        for (SinkSpec<?, ?> spec : app.sinks()) {
            SinkRunner<?, ?> runner = new SinkRunner<>(app.applicationId(), spec, client, deadLetters);
            runners.add(runner);
            runner.start();
        }
        for (FeedSpec<?, ?> spec : app.feeds()) {
            FeedRunner<?, ?> runner = new FeedRunner<>(spec, client, deadLetters);
            runners.add(runner);
            runner.start();
        }
    }

    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onStreamThreadFailure(Throwable e) {
        failure = e;
        log.error("worker of app '{}' stops: a stream thread failed", app.name(), e);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    private void onStateChange(KafkaStreams.State next, KafkaStreams.State previous, long began) {
        if (next == KafkaStreams.State.RUNNING && previous == KafkaStreams.State.REBALANCING) {
            log.info("worker running app={} readyMs={}", app.name(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        } else {
            log.info("worker state app={} from={} to={}", app.name(), previous, next);
        }
        if (next == KafkaStreams.State.ERROR || next == KafkaStreams.State.NOT_RUNNING) {
            stopped.countDown();
        }
    }

    /** Waits until the worker is RUNNING (its tasks assigned and restored). */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (failure != null || streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("worker of app '" + app.name() + "' failed: " + failure, failure);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("worker of app '" + app.name() + "' is not RUNNING after " + timeout
                        + " (state " + streams.state() + ")");
            }
            Thread.sleep(20);
        }
    }

    /** Blocks until the worker stops on its own (a failure) or is closed; true when it failed. */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return failure != null;
    }

    /** The reason the worker stopped on its own, if it did. */
    public Throwable failure() {
        return failure;
    }

    /** The Kafka Streams state: CREATED, REBALANCING, RUNNING, PENDING_SHUTDOWN, NOT_RUNNING or ERROR. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The bootstrap servers this worker uses (the embedded broker's when it started one). */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The HTTP operations port, or -1 when HTTP is off. */
    public int webPort() {
        return web == null ? -1 : web.port();
    }

    /** The app this worker runs. */
    public App app() {
        return app;
    }

    /** A table's value for {@code key}, from this worker's own partitions only; {@code null} if absent here. */
    public <K, V> V get(Table<K, V> table, K key) {
        return streams.store(StoreQueryParameters.fromNameAndType(table.name(),
                QueryableStoreTypes.<K, V>keyValueStore())).get(key);
    }

    /** The escape hatch: the Kafka Streams instance this worker runs. */
    public KafkaStreams kafkaStreams() {
        return streams;
    }

    /**
     * Stops cleanly: HTTP, then Kafka Streams (committing its state and leaving the group, so the
     * other workers take over its partitions at once), then the embedded broker.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (web != null) {
            web.close();
        }
        if (ingress != null) {
            ingress.close();
        }
        for (AutoCloseable runner : runners) {
            try {
                runner.close();
            } catch (Exception e) {
                log.warn("could not stop {}: {}", runner, e.toString());
            }
        }
        if (client != null) {
            client.close();
        }
        stats.close();
        Duration timeout = CLOSE_TIMEOUT;
        if (health != null) {
            if (health.brokerOrDiskFailing()) {
                timeout = FAILING_CLOSE_TIMEOUT;
                log.warn("worker of app '{}' closes while not healthy ({}): waiting at most {} for Kafka Streams",
                        app.name(), health.problems(), timeout);
            }
            health.close();
        }
        // leave the group so the remaining workers take over at once instead of after the session timeout
        boolean clean = streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(timeout));
        if (!clean) {
            log.warn("worker of app '{}' did not close Kafka Streams within {}", app.name(), timeout);
        }
        metrics.close();
        if (broker != null) {
            broker.close();
        }
        stopped.countDown();
        log.info("worker stopped app={} clean={}", app.name(), clean);
    }

    private static int freePort(InetAddress bind) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, bind)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the worker's HTTP surface on " + bind.getHostAddress()
                    + ": " + e.getMessage(), e);
        }
    }

    /** As set; else loopback beside an embedded broker (which is loopback-only itself), every interface otherwise. */
    static InetAddress webBindAddress(App app, WorkerOptions options, boolean embeddedBroker) {
        String address = options.webBindAddress().orElse(embeddedBroker ? "127.0.0.1" : "0.0.0.0");
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("worker of app '" + app.name() + "' cannot serve HTTP on '" + address
                    + "': no such address or host; use --web-bind with an address of this machine, 127.0.0.1 or 0.0.0.0",
                    e);
        }
    }

    /**
     * The address other workers use to forward table lookups here: loopback when serving on loopback,
     * the host name when serving on every interface, else the bound address itself.
     */
    static String advertisedHost(InetAddress bind) {
        if (bind.isLoopbackAddress()) {
            return bind instanceof java.net.Inet6Address ? "localhost" : bind.getHostAddress();
        }
        if (!bind.isAnyLocalAddress()) {
            return bind instanceof java.net.Inet6Address ? bind.getHostName() : bind.getHostAddress();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The directories whose disk must have room: table state, and the embedded broker's data. */
    private static List<Path> watchedDirs(Properties props, EmbeddedBroker broker) {
        List<Path> dirs = new java.util.ArrayList<>();
        Object stateDir = props.get(StreamsConfig.STATE_DIR_CONFIG);
        dirs.add(stateDir != null ? Path.of(stateDir.toString())
                : Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams"));
        if (broker != null) {
            dirs.add(broker.dataDir());
        }
        return dirs;
    }
}
