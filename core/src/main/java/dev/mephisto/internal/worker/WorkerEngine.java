package dev.mephisto.internal.worker;

import dev.mephisto.App;
import dev.mephisto.InvalidAppException;
import dev.mephisto.KeyValueTable;
import dev.mephisto.WorkerOptions;
import dev.mephisto.WorkerState;
import dev.mephisto.internal.health.HealthWatch;
import dev.mephisto.internal.runtime.AgentMetrics;
import dev.mephisto.internal.runtime.DeadLetterTopic;
import dev.mephisto.ClientOptions;
import dev.mephisto.TopicClient;
import dev.mephisto.internal.model.FeedSpec;
import dev.mephisto.internal.model.SinkSpec;
import dev.mephisto.internal.runtime.DeadLetterWriter;
import dev.mephisto.internal.runtime.FeedRunner;
import dev.mephisto.internal.runtime.LocalBroker;
import dev.mephisto.internal.runtime.LocalBrokerAddress;
import dev.mephisto.internal.runtime.LocalState;
import dev.mephisto.internal.runtime.SinkRunner;
import dev.mephisto.internal.runtime.StatsReporter;
import dev.mephisto.internal.runtime.TopicAdministrator;
import dev.mephisto.internal.runtime.WorkerMetrics;
import dev.mephisto.internal.runtime.WorkerStates;
import dev.mephisto.internal.web.Ingress;
import dev.mephisto.internal.web.OperationsServer;
import dev.mephisto.internal.web.TableLookup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs behind a worker: the embedded broker when none is configured, the topics made to fit,
 * Kafka Streams, STATS and metrics, health checks, the HTTP surface, and the sinks and feeds; and
 * the order in which they stop.
 */
public final class WorkerEngine implements AutoCloseable {

    /** What of the app only its face can reach: the agents' counters, the dead-letter counters, the sinks and feeds. */
    public record AppParts(List<AgentMetrics> agentMetrics, DeadLetterTopic deadLetters,
            List<SinkSpec<?, ?>> sinks, List<FeedSpec<?, ?>> feeds) {
        public AppParts {
            agentMetrics = List.copyOf(agentMetrics);
            sinks = List.copyOf(sinks);
            feeds = List.copyOf(feeds);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(WorkerEngine.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** How long closing waits for Kafka Streams when the broker or the disk already failed: its commits cannot succeed. */
    private static final Duration FAILING_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration BROKER_CHECK_EVERY = Duration.ofSeconds(2);
    private static final Duration BROKER_CHECK_TIMEOUT = Duration.ofSeconds(5);
    /** How long a source topic may be missing (a broker restarting, a topic recreated) before the worker stops. */
    private static final Duration MISSING_TOPIC_GRACE = Duration.ofMinutes(5);

    private final App app;
    private final AppParts parts;
    private final LocalBroker broker;
    private final String bootstrapServers;
    private final KafkaStreams streams;
    private final TopologyDescription topology;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean topicIdsRecorded = new AtomicBoolean();
    private final Properties streamsProps;
    private volatile Throwable failure;
    private volatile boolean globalStateLost;
    private final MissingTopicGrace missingTopics = new MissingTopicGrace(MISSING_TOPIC_GRACE);

    private final List<AutoCloseable> runners = new CopyOnWriteArrayList<>();
    private TopicClient client;
    private final StatsReporter stats;
    private final WorkerMetrics metrics;
    private OperationsServer web;
    private Ingress ingress;
    private HealthWatch health;

    private WorkerEngine(App app, AppParts parts, LocalBroker broker, String bootstrapServers,
            KafkaStreams streams, Properties streamsProps, TopologyDescription topology, StatsReporter stats,
            WorkerMetrics metrics) {
        this.app = app;
        this.streamsProps = streamsProps;
        this.topology = topology;
        this.parts = parts;
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.streams = streams;
        this.stats = stats;
        this.metrics = metrics;
    }

    /**
     * Starts the app and returns once Kafka Streams is started; {@code parts} are what of the app
     * its public face does not show, {@code began} the {@link System#nanoTime()} the start was asked
     * for (the "worker running ... readyMs" log line counts from it).
     */
    public static WorkerEngine start(App app, AppParts parts, WorkerOptions options, long began) {
        Topology topology = app.topology();
        LocalBroker broker = null;
        String bootstrap = options.broker().or(() -> app.config().broker()).orElse(null);
        if (bootstrap == null) {
            broker = LocalBroker.start(options.dataDir(), options.brokerPort());
            bootstrap = broker.bootstrapServers();
            LocalBrokerAddress.write(broker.dataDir(), bootstrap);
            log.info("no broker configured, so started an embedded Kafka broker at {} (data in {}); other processes"
                    + " connect with --broker {}", bootstrap, broker.dataDir(), bootstrap);
        }
        try {
            return start(app, parts, options, topology, broker, bootstrap, began);
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    private static WorkerEngine start(App app, AppParts parts, WorkerOptions options, Topology topology,
            LocalBroker broker, String bootstrap, long began) {
        Properties props = streamsProperties(app, options, bootstrap);
        prepareCluster(app, options, topology, props);

        HostInfo self = null;
        int webPort = options.webPort();
        InetAddress bind = null;
        if (webPort >= 0) {
            bind = WebAddress.bind(app.name(), options.webBindAddress(), broker != null);
            webPort = webPort == 0 ? WebAddress.freePort(bind) : webPort;
            self = new HostInfo(WebAddress.advertisedHost(bind), webPort);
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        }
        KafkaStreams streams = new KafkaStreams(topology, props);
        StatsReporter stats = StatsReporter.start(parts.agentMetrics(), app.config().statsInterval());
        WorkerMetrics metrics = new WorkerMetrics(app.name(), streams, parts.agentMetrics(), parts.deadLetters());
        WorkerEngine engine = new WorkerEngine(app, parts, broker, bootstrap, streams, props, topology.describe(),
                stats, metrics);
        if (webPort >= 0) {
            engine.serveHttp(options, props, topology, new InetSocketAddress(bind, webPort), self);
        }
        streams.setUncaughtExceptionHandler(engine::onStreamThreadFailure);
        streams.setStateListener((next, previous) -> engine.onStateChange(next, previous, began));
        streams.start();
        engine.startSinksAndFeeds(props);
        log.info("worker started app={} applicationId={} broker={} threads={} web={}", app.name(),
                app.applicationId(), bootstrap, props.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG),
                engine.web == null ? "off" : engine.web.port());
        return engine;
    }

    /** The app's Kafka Streams properties with the worker's options on top. */
    private static Properties streamsProperties(App app, WorkerOptions options, String bootstrap) {
        Properties props = app.streamsProperties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        options.threads().ifPresent(threads -> props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads));
        options.stateDir().ifPresent(dir -> props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toAbsolutePath().toString()));
        props.putAll(options.kafka());
        return props;
    }

    /**
     * Makes the topics fit, and the local state fit the cluster: with no state dir configured, state
     * goes to {@code state/<cluster id>} beside the data dir; state built from another cluster, or
     * from offsets the cluster no longer has, is deleted so it rebuilds instead of failing.
     */
    private static void prepareCluster(App app, WorkerOptions options, Topology topology, Properties streamsProps) {
        Properties adminProps = new Properties();
        streamsProps.forEach((key, value) -> adminProps.put(key, value));
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        TopicAdministrator.Declared declared = new TopicAdministrator.Declared(app.topics(), app.deadLetterTopic(),
                app.config().topicPartitions(), app.config().topicReplication());
        try (Admin admin = Admin.create(adminProps)) {
            List<String> problems = new TopicAdministrator(declared, admin, ADMIN_TIMEOUT).prepare(topology);
            if (!problems.isEmpty()) {
                throw new InvalidAppException(app.name(), problems);
            }
            String clusterId = LocalState.clusterId(admin, ADMIN_TIMEOUT);
            Object configured = streamsProps.get(StreamsConfig.STATE_DIR_CONFIG);
            Path root = configured != null ? Path.of(configured.toString())
                    : LocalState.defaultRoot(options.dataDir(), clusterId);
            streamsProps.put(StreamsConfig.STATE_DIR_CONFIG, root.toAbsolutePath().toString());
            LocalState.claim(root, app.applicationId(), clusterId);
            LocalState.dropStale(root, app.applicationId(), admin, ADMIN_TIMEOUT, topology.describe());
        }
    }

    /**
     * Once running, records the ids of the topics the local state is built from, changelogs Kafka
     * Streams has just created included, so the next start notices one deleted or recreated meanwhile.
     */
    private void recordTopicIds() {
        Thread recorder = new Thread(() -> {
            Properties adminProps = new Properties();
            streamsProps.forEach((key, value) -> adminProps.put(key, value));
            adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
            Path root = Path.of(streamsProps.get(StreamsConfig.STATE_DIR_CONFIG).toString());
            try (Admin admin = Admin.create(adminProps)) {
                LocalState.recordTopicIds(root, app.applicationId(), admin, ADMIN_TIMEOUT, topology);
            } catch (IOException | RuntimeException e) {
                log.warn("worker of app '{}' could not record the ids of its tables' topics in {} ({}); a changelog"
                        + " deleted and recreated before the next start may go unnoticed", app.name(), root, e.toString());
            }
        }, app.applicationId() + "-topic-ids");
        recorder.setDaemon(true);
        recorder.start();
    }

    /** Health checks, the ingress and the HTTP surface; stops what already started when the port cannot be served. */
    private void serveHttp(WorkerOptions options, Properties props, Topology topology, InetSocketAddress address,
            HostInfo self) {
        try {
            ingress = new Ingress(app, bootstrapServers);
            health = HealthWatch.start(app.name(), app.applicationId(), streams, props, parts.agentMetrics(),
                    new HealthWatch.Settings(options.stuckAfter(), options.minFreeDisk(),
                            watchedDirs(props, broker), BROKER_CHECK_EVERY, BROKER_CHECK_TIMEOUT, broker != null));
            TableLookup tables = new TableLookup(app.name(), app.tables(), streams, self);
            web = OperationsServer.start(address, new OperationsServer.Parts(app.name(), app.agents(),
                    topology.describe(), this::state, streams, tables, stats, metrics, ingress,
                    options.adminToken().orElse(null), health));
        } catch (IOException e) {
            streams.close();
            stats.close();
            metrics.close();
            ingress.close();
            health.close();
            throw new IllegalStateException("worker of app '" + app.name() + "' cannot serve HTTP on "
                    + address.getAddress().getHostAddress() + ":" + address.getPort() + ": " + e.getMessage()
                    + "; choose another port with --web-port (0 for any free port) or another address with --web-bind",
                    e);
        }
    }

    private void startSinksAndFeeds(Properties streamsProps) {
        if (parts.sinks().isEmpty() && parts.feeds().isEmpty()) {
            return;
        }
        client = TopicClient.connect(app, ClientOptions.defaults().withBroker(bootstrapServers)
                .withClientId(app.applicationId() + "-feeds").withKafka("max.poll.records", 200));
        Map<String, Object> configs = new HashMap<>();
        streamsProps.forEach((key, value) -> configs.put(key.toString(), value));
        DeadLetterWriter deadLetters = new DeadLetterWriter(client, configs);
        for (SinkSpec<?, ?> spec : parts.sinks()) {
            SinkRunner<?, ?> runner = new SinkRunner<>(app.applicationId(), spec, client, deadLetters);
            runners.add(runner);
            runner.start();
        }
        for (FeedSpec<?, ?> spec : parts.feeds()) {
            FeedRunner<?, ?> runner = new FeedRunner<>(spec, client, deadLetters);
            runners.add(runner);
            runner.start();
        }
    }

    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onStreamThreadFailure(Throwable e) {
        InvalidOffsetException lost = cause(e, InvalidOffsetException.class);
        String globalStores = lost == null ? null : LocalState.globalStores(topology, lost.partitions().toString());
        if (globalStores != null && !globalStores.equals(LocalState.NO_GLOBAL_STORE)) {
            // the global thread cannot be replaced: stop, and delete the global state on close (see close())
            failure = e;
            globalStateLost = true;
            log.error("worker of app '{}' stops: global store {} lost its place in topic partition(s) {} while running"
                    + " (the topic was deleted and recreated, or its records expired); the worker deletes the"
                    + " store's local state as it stops: restart it and it rebuilds the store from the topic",
                    app.name(), globalStores, lost.partitions());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        boolean missingTopic = MissingTopicGrace.isMissingTopic(e);
        if (missingTopic && missingTopics.replace(System.nanoTime())) {
            int replaced = missingTopics.replaced();
            if (replaced == 1 || replaced % 10 == 0) {
                log.warn("stream thread of app '{}' finds a source topic missing ({}); replacing it (replacement {}),"
                        + " for up to {} s in case a broker is restarting or the topic is being recreated", app.name(),
                        oneLine(e), replaced, MISSING_TOPIC_GRACE.toSeconds());
            }
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        failure = e;
        if (missingTopic) {
            log.error("worker of app '{}' stops: a source topic is still missing {} s after it went ({}); create it"
                    + " again, or restart the worker, which creates the declared topics", app.name(),
                    MISSING_TOPIC_GRACE.toSeconds(), oneLine(e));
        } else {
            log.error("worker of app '{}' stops: a stream thread failed", app.name(), e);
        }
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace('\n', ' ');
    }

    private void onStateChange(KafkaStreams.State next, KafkaStreams.State previous, long began) {
        if (next == KafkaStreams.State.RUNNING) {
            missingTopics.recovered();
            if (topicIdsRecorded.compareAndSet(false, true)) {
                recordTopicIds();
            }
        }
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

    /** Waits until Kafka Streams is RUNNING (tasks assigned and restored). */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (failure != null || streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("worker of app '" + app.name() + "' failed: " + failure, failure);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("worker of app '" + app.name() + "' is not RUNNING after " + timeout
                        + " (state " + state() + ")");
            }
            Thread.sleep(20);
        }
    }

    /** Blocks until the worker stops on its own (a failure) or is closed; true when it failed. */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return failure != null;
    }

    public Throwable failure() {
        return failure;
    }

    public WorkerState state() {
        return WorkerStates.of(streams, failure != null);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int webPort() {
        return web == null ? -1 : web.port();
    }

    /** A table's value for {@code key}, from this worker's own partitions only; {@code null} if absent here. */
    public <K, V> V get(KeyValueTable<K, V> table, K key) {
        return streams.store(StoreQueryParameters.fromNameAndType(table.name(),
                QueryableStoreTypes.<K, V>keyValueStore())).get(key);
    }

    public KafkaStreams kafkaStreams() {
        return streams;
    }

    /**
     * Stops cleanly: HTTP, then the sinks and feeds, then Kafka Streams (committing its state and
     * leaving the group, so the other workers take over its partitions at once), then the embedded broker.
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
        if (globalStateLost) {
            Path global = Path.of(streamsProps.get(StreamsConfig.STATE_DIR_CONFIG).toString())
                    .resolve(app.applicationId()).resolve("global");
            try {
                LocalState.delete(global);
            } catch (IOException e) {
                log.warn("worker of app '{}' could not delete the global stores' state in {} ({}); delete it by hand"
                        + " before the next start", app.name(), global, e.toString());
            }
        }
        metrics.close();
        if (broker != null) {
            broker.close();
        }
        stopped.countDown();
        log.info("worker stopped app={} clean={}", app.name(), clean);
    }

    /** The directories whose disk must have room: table state, and the embedded broker's data. */
    private static List<Path> watchedDirs(Properties props, LocalBroker broker) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(Path.of(props.get(StreamsConfig.STATE_DIR_CONFIG).toString()));
        if (broker != null) {
            dirs.add(broker.dataDir());
        }
        return dirs;
    }
}
