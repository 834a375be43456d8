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
import dev.mephisto.internal.runtime.LocalWebAddress;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.common.TopicPartition;
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
    /** How often a running worker compares its global topics' ids with those its Kafka Streams started on. */
    private static final Duration GLOBAL_TOPIC_CHECK_EVERY = Duration.ofSeconds(1);
    /** How long a source topic may be missing (a broker restarting, a topic recreated) before the worker stops. */
    private static final Duration MISSING_TOPIC_GRACE = Duration.ofMinutes(5);
    /** How many times a worker rebuilds lost global state by itself within {@link #REBUILD_WINDOW} before it stops instead. */
    private static final int MAX_REBUILDS = 3;
    private static final String GLOBAL_THREAD = "GlobalStreamThread";
    private static final Duration REBUILD_WINDOW = Duration.ofMinutes(10);

    private final App app;
    private final AppParts parts;
    private final LocalBroker broker;
    private final String bootstrapServers;
    /** The Kafka Streams running the app now: a rebuild of lost global state replaces it. */
    private volatile KafkaStreams streams;
    private final Topology compiled;
    private final TopologyDescription topology;
    private final long began;
    /** Held while Kafka Streams is replaced or closed, so a close never races a rebuild. */
    private final Object lifecycle = new Object();
    private final RebuildBudget rebuilds = new RebuildBudget(MAX_REBUILDS, REBUILD_WINDOW);
    /** The instance a rebuild replaces: its own way to ERROR is no failure of the worker. */
    private volatile KafkaStreams retiring;
    /** What is being rebuilt and why, while a rebuild is under way; null otherwise. */
    private volatile String rebuilding;
    private volatile long rebuildStarted;
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
    private WorkerMetrics metrics;
    private OperationsServer web;
    /** Where {@link #web} is reached, and the data dir that records it for the CLI's {@code get}. */
    private String webAddress;
    private Path webDataDir;
    private Ingress ingress;
    private HealthWatch health;

    private WorkerEngine(App app, AppParts parts, LocalBroker broker, String bootstrapServers,
            Properties streamsProps, Topology compiled, StatsReporter stats, long began) {
        this.app = app;
        this.streamsProps = streamsProps;
        this.compiled = compiled;
        this.topology = compiled.describe();
        this.parts = parts;
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.stats = stats;
        this.began = began;
    }

    /** A Kafka Streams for the app, its failures and state changes reported to this engine. */
    private KafkaStreams newStreams() {
        KafkaStreams created = new KafkaStreams(compiled, streamsProps);
        created.setUncaughtExceptionHandler(e -> onStreamThreadFailure(created, e));
        created.setStateListener((next, previous) -> onStateChange(created, next, previous));
        return created;
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
        StatsReporter stats = StatsReporter.start(parts.agentMetrics(), app.config().statsInterval());
        WorkerEngine engine = new WorkerEngine(app, parts, broker, bootstrap, props, topology, stats, began);
        KafkaStreams streams = engine.newStreams();
        engine.streams = streams;
        engine.metrics = new WorkerMetrics(app.name(), streams, parts.agentMetrics(), parts.deadLetters(),
                app.tables().stream().filter(KeyValueTable.class::isInstance).map(dev.mephisto.Table::name).toList());
        if (webPort >= 0) {
            engine.serveHttp(options, props, topology, new InetSocketAddress(bind, webPort), self);
        }
        Map<String, TopicDescription> globalTopics = engine.globalTopicsNow();
        streams.start();
        engine.watchGlobalBootstrap(streams);
        engine.watchGlobalTopicIds(streams, globalTopics);
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
        Properties adminProps = adminProperties(streamsProps, ADMIN_TIMEOUT);
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
            LocalState.dropExpired(root, app.applicationId(), admin, ADMIN_TIMEOUT, topology.describe());
        }
    }

    /**
     * Once running, records the ids of the topics the local state is built from, changelogs Kafka
     * Streams has just created included, so the next start notices one deleted or recreated meanwhile.
     */
    private void recordTopicIds() {
        Thread recorder = new Thread(() -> {
            Properties adminProps = adminProperties(streamsProps, ADMIN_TIMEOUT);
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

    /** After a clean stop, how far the global stores read at most, for the next start (see {@link LocalState#dropExpired}). */
    private void recordGlobalEnds(Duration timeout) {
        Properties adminProps = adminProperties(streamsProps, timeout);
        Path root = Path.of(streamsProps.get(StreamsConfig.STATE_DIR_CONFIG).toString());
        try (Admin admin = Admin.create(adminProps)) {
            LocalState.recordGlobalEnds(root, app.applicationId(), admin, timeout, topology);
        } catch (IOException | RuntimeException e) {
            log.warn("worker of app '{}' could not record how far its global stores read ({}); the next start"
                    + " rebuilds them if their topics no longer begin at offset 0", app.name(), e.toString());
        }
    }

    /** Health checks, the ingress and the HTTP surface; stops what already started when the port cannot be served. */
    private void serveHttp(WorkerOptions options, Properties props, Topology topology, InetSocketAddress address,
            HostInfo self) {
        try {
            ingress = new Ingress(app, bootstrapServers);
            health = HealthWatch.start(app.name(), app.applicationId(), this::kafkaStreams, props, parts.agentMetrics(),
                    new HealthWatch.Settings(options.stuckAfter(), options.minFreeDisk(),
                            watchedDirs(props, broker), BROKER_CHECK_EVERY, BROKER_CHECK_TIMEOUT, broker != null));
            TableLookup tables = new TableLookup(app.name(), app.tables(), this::kafkaStreams, self);
            web = OperationsServer.start(address, new OperationsServer.Parts(app, topology.describe(), this::state,
                    this::kafkaStreams, tables, stats, metrics, ingress, options.adminToken().orElse(null), health,
                    parts.deadLetters()));
            webAddress = self.host() + ":" + web.port();
            webDataDir = options.dataDir();
            LocalWebAddress.write(webDataDir, app.applicationId(), webAddress).ifPresent(problem -> log.warn(
                    "worker of app '{}' could not record its HTTP address in {} ({}); 'get' then needs --worker {}",
                    app.name(), LocalWebAddress.file(webDataDir, app.applicationId()), problem, webAddress));
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

    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onStreamThreadFailure(KafkaStreams instance,
            Throwable e) {
        if (instance != streams || instance == retiring) {
            // an instance a rebuild replaces: its last words change nothing
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        InvalidOffsetException lost = cause(e, InvalidOffsetException.class);
        String globalStores = lost == null ? null : LocalState.globalStores(topology, lost.partitions().toString());
        if (globalStores != null && !globalStores.equals(LocalState.NO_GLOBAL_STORE)) {
            // the global thread cannot be replaced: Kafka Streams stops, and a fresh instance rebuilds the store
            // (the failing global thread is named <client id>-GlobalStreamThread)
            String thread = Thread.currentThread().getName();
            rebuildOrStop(instance, globalStores, "lost its place in topic partition(s) " + lost.partitions()
                    + " while running", "(the topic was deleted and recreated, or its records expired before the"
                    + " store read them)", lost.partitions().toString(), thread.endsWith(GLOBAL_THREAD)
                    ? thread.substring(0, thread.length() - GLOBAL_THREAD.length()) : null, e);
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

    /**
     * Replaces {@code old}, whose global thread gave up on lost global state, with a fresh Kafka
     * Streams on a thread of its own (Kafka Streams cannot be closed from its own threads): closes
     * it, deletes the global stores' local state, starts the new one. The worker stays the same
     * handle; it reports {@code REBALANCING} and not ready until the new instance is RUNNING.
     */
    /**
     * Global store(s) {@code stores} of {@code instance} {@code event}: rebuilds them in a fresh
     * Kafka Streams with one WARN line, or, on the {@code MAX_REBUILDS + 1}th time within the
     * window or while a rebuild is under way, stops the worker with one ERROR line naming the
     * store, the topic and the fix (the global state is deleted as it stops).
     */
    private void rebuildOrStop(KafkaStreams instance, String stores, String event, String reason, String where,
            String clientPrefix, Throwable cause) {
        synchronized (rebuilds) { // not lifecycle: close() holds that while it waits for the failing thread

            if (instance != streams || instance == retiring || closed.get() || failure != null) {
                return;
            }
            String what = "global store " + stores + " " + event + " " + reason;
            if (rebuilding == null && rebuilds.tryRebuild(System.nanoTime())) {
                log.warn("worker of app '{}' rebuilds: {}; deleting the store's local state and rebuilding it from the"
                        + " topic without stopping (not ready until done; rebuild {} of at most {} within {} min)",
                        app.name(), what, rebuilds.count(), MAX_REBUILDS, REBUILD_WINDOW.toMinutes());
                beginRebuild(instance, what, stores, where, clientPrefix);
                return;
            }
            failure = cause;
            globalStateLost = true;
            log.error("worker of app '{}' stops: global store {} {}, {}; the worker deletes the store's local state as it"
                    + " stops: make the topic stay (no deleting and recreating it, a retention longer than the worker"
                    + " takes to read it), then restart the worker and it rebuilds the store from the topic",
                    app.name(), stores, event, rebuilding != null ? "again, while rebuilding it"
                            : "the " + (MAX_REBUILDS + 1) + "th time within " + REBUILD_WINDOW.toMinutes() + " min");
            rebuilding = null;
            stopped.countDown();
        }
    }

    /**
     * Watches a fresh Kafka Streams with global stores until it is RUNNING: Kafka Streams 4.3's global
     * thread dies at start on local state its topic no longer holds (it logs "Bootstrapping global
     * state failed due to inconsistent local state", deletes the state, then fails on its own close)
     * and leaves the instance REBALANCING for ever, telling no handler. A global thread gone while
     * the instance still waits for it is rebuilt (or stopped) like a store lost while running.
     */
    private void watchGlobalBootstrap(KafkaStreams instance) {
        if (topology.globalStores().isEmpty()) {
            return;
        }
        Thread watch = new Thread(() -> {
            try {
                int deadChecks = 0;
                while (instance == streams && instance != retiring && !closed.get() && failure == null
                        && instance.state() == KafkaStreams.State.REBALANCING) {
                    String prefix = clientPrefix(instance);
                    deadChecks = prefix != null && !threadAlive(prefix + GLOBAL_THREAD) ? deadChecks + 1 : 0;
                    if (deadChecks >= 3) { // gone for 3 checks: no ERROR transition under way
                        String stores = LocalState.globalStores(topology, String.valueOf(globalTopics()));
                        rebuildOrStop(instance, stores, "could not start from topic(s) " + globalTopics(), "(Kafka"
                                + " Streams' global thread died on local state the topic no longer holds: records"
                                + " expired or the topic recreated while the worker was stopped; see its"
                                + " 'Bootstrapping global state failed' line)", "topic(s) " + globalTopics(), prefix,
                                new IllegalStateException("the global thread of app '" + app.name() + "' died at"
                                        + " start"));
                        return;
                    }
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, app.applicationId() + "-global-start-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /**
     * Watches the ids of the global stores' topics while {@code instance} is the worker's Kafka
     * Streams. A topic deleted and recreated under a running worker gets a new id, and Kafka's
     * consumer keeps its position across that (it only forgets the leader epoch): when the
     * recreated topic already holds as many records as the store had read, or more, by the time
     * the global consumer fetches from it, no OffsetOutOfRange ever comes, and the store silently
     * misses the new topic's first records for ever. A changed id is a store that lost its place:
     * rebuilt (or stopped) like one the global thread reports, with the same lines. The ids compared
     * against are {@code started}, taken just before {@code instance} started (a topic missing from
     * it: the first id seen); a topic absent for a while (deleted, not yet recreated) changes nothing
     * until it is back.
     */
    private void watchGlobalTopicIds(KafkaStreams instance, Map<String, TopicDescription> started) {
        if (topology.globalStores().isEmpty()) {
            return;
        }
        Thread watch = new Thread(() -> {
            try (Admin admin = Admin.create(adminProperties(streamsProps, BROKER_CHECK_TIMEOUT))) {
                while (instance == streams && instance != retiring && !closed.get() && failure == null) {
                    try {
                        for (TopicDescription now : LocalState.describeGlobalTopics(admin, BROKER_CHECK_TIMEOUT,
                                topology).values()) {
                            TopicDescription was = started.putIfAbsent(now.name(), now);
                            if (was != null && !was.topicId().equals(now.topicId())) {
                                globalTopicRecreated(instance, was, now);
                                return;
                            }
                        }
                    } catch (IOException e) {
                        log.debug("worker of app '{}' could not describe its global stores' topics ({}); asks again",
                                app.name(), e.toString());
                    }
                    Thread.sleep(GLOBAL_TOPIC_CHECK_EVERY.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("worker of app '{}' cannot watch its global stores' topics ({}); a global topic deleted and"
                        + " recreated while it runs may go unnoticed until it restarts", app.name(), e.toString());
            }
        }, app.applicationId() + "-global-topic-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** The global stores' topics as they are now, to tell a recreated one later; empty if the broker does not say. */
    private Map<String, TopicDescription> globalTopicsNow() {
        Map<String, TopicDescription> topics = new HashMap<>();
        if (topology.globalStores().isEmpty()) {
            return topics;
        }
        try (Admin admin = Admin.create(adminProperties(streamsProps, BROKER_CHECK_TIMEOUT))) {
            topics.putAll(LocalState.describeGlobalTopics(admin, BROKER_CHECK_TIMEOUT, topology));
        } catch (IOException | RuntimeException e) {
            log.debug("worker of app '{}' could not describe its global stores' topics before starting ({}); the"
                    + " first ids seen are compared with instead", app.name(), e.toString());
        }
        return topics;
    }

    private void globalTopicRecreated(KafkaStreams instance, TopicDescription was, TopicDescription now) {
        List<TopicPartition> partitions = now.partitions().stream()
                .map(partition -> new TopicPartition(now.name(), partition.partition())).toList();
        rebuildOrStop(instance, LocalState.globalStores(topology, now.name()), "lost its place in topic partition(s) "
                + partitions + " while running", "(the topic was deleted and recreated: its id changed from "
                + was.topicId() + " to " + now.topicId() + ")", partitions.toString(), clientPrefix(instance),
                new IllegalStateException("global topic '" + now.name() + "' of app '" + app.name() + "' was deleted"
                        + " and recreated while the worker ran (id " + was.topicId() + ", now " + now.topicId() + ")"));
    }

    private List<String> globalTopics() {
        List<String> topics = new ArrayList<>();
        topology.globalStores().forEach(store -> topics.addAll(store.source().topicSet()));
        return topics;
    }

    /** {@code <application id>-<process id>-}, what Kafka Streams prefixes its threads' names with; null if unknown yet. */
    private static String clientPrefix(KafkaStreams instance) {
        try {
            for (org.apache.kafka.streams.ThreadMetadata thread : instance.metadataForLocalThreads()) {
                int at = thread.threadName().lastIndexOf("StreamThread-");
                if (at > 0) {
                    return thread.threadName().substring(0, at);
                }
            }
        } catch (RuntimeException e) {
            // not started, or stopping: ask again
        }
        return null;
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(thread -> thread.getName().equals(name)
                && thread.isAlive());
    }

    private void beginRebuild(KafkaStreams old, String what, String stores, String partitions, String clientPrefix) {
        retiring = old;
        topicIdsRecorded.set(false); // the recreated topic's id, once running again
        rebuildStarted = System.nanoTime();
        rebuilding = what;
        if (health != null) {
            health.rebuilding(what + ": rebuilding it from the topic; ready again once done");
        }
        Thread rebuilder = new Thread(() -> rebuild(old, stores, partitions, clientPrefix),
                app.applicationId() + "-rebuild");
        rebuilder.setDaemon(true);
        rebuilder.start();
    }

    private void rebuild(KafkaStreams old, String stores, String partitions, String clientPrefix) {
        old.close(CLOSE_TIMEOUT);
        if (clientPrefix != null) {
            removeGhostMembers(clientPrefix);
        }
        synchronized (lifecycle) {
            if (closed.get()) {
                return;
            }
            try {
                LocalState.delete(globalStateDir());
                KafkaStreams next = newStreams();
                if (old.isPaused()) {
                    next.pause();
                }
                streams = next;
                metrics.rebind(next);
                Map<String, TopicDescription> globalTopics = globalTopicsNow();
                next.start();
                watchGlobalBootstrap(next);
                watchGlobalTopicIds(next, globalTopics);
            } catch (IOException | RuntimeException e) {
                failure = e;
                rebuilding = null;
                log.error("worker of app '{}' stops: it could not rebuild global store {} from topic partition(s) {}"
                        + " ({}); delete {} by hand, check that the topic exists and the state directory is writable,"
                        + " then restart the worker", app.name(), stores, partitions, oneLine(e), globalStateDir());
                stopped.countDown();
            }
        }
    }

    /**
     * Removes from the group the members the closed instance left behind (Kafka Streams' consumers
     * do not leave on close), when they are its only members: otherwise the fresh instance's first
     * rebalance waits a whole session timeout for them. With other workers in the group they stay,
     * and expire after the session timeout: removing every member would make the others lose their
     * tasks.
     */
    private void removeGhostMembers(String clientPrefix) {
        Properties adminProps = adminProperties(streamsProps, BROKER_CHECK_TIMEOUT);
        try (Admin admin = Admin.create(adminProps)) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(app.applicationId()))
                    .describedGroups().get(app.applicationId()).get(BROKER_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            boolean onlyGhosts = !group.members().isEmpty()
                    && group.members().stream().allMatch(member -> member.clientId().startsWith(clientPrefix));
            if (onlyGhosts) {
                admin.removeMembersFromConsumerGroup(app.applicationId(), new RemoveMembersFromConsumerGroupOptions())
                        .all().get(BROKER_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.debug("worker of app '{}' could not remove the replaced instance's group members ({}); they expire"
                    + " after the session timeout", app.name(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path globalStateDir() {
        return Path.of(streamsProps.get(StreamsConfig.STATE_DIR_CONFIG).toString()).resolve(app.applicationId())
                .resolve("global");
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

    private void onStateChange(KafkaStreams instance, KafkaStreams.State next, KafkaStreams.State previous) {
        if (instance == retiring) {
            log.debug("replaced Kafka Streams of app {} went from {} to {}", app.name(), previous, next);
            return;
        }
        if (next == KafkaStreams.State.RUNNING) {
            missingTopics.recovered();
            if (topicIdsRecorded.compareAndSet(false, true)) {
                recordTopicIds();
            }
        }
        if (next == KafkaStreams.State.RUNNING && rebuilding != null) {
            rebuilding = null;
            if (health != null) {
                health.rebuilt();
            }
            log.info("worker of app '{}' rebuilt its global state and runs again rebuildMs={}", app.name(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rebuildStarted));
        } else if (next == KafkaStreams.State.RUNNING && previous == KafkaStreams.State.REBALANCING) {
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
        while (streams.state() != KafkaStreams.State.RUNNING || rebuilding != null) {
            if (failure != null || (rebuilding == null && streams.state() == KafkaStreams.State.ERROR)) {
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
        if (rebuilding != null && failure == null) {
            return WorkerState.REBALANCING;
        }
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
            LocalWebAddress.remove(webDataDir, app.applicationId(), webAddress);
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
        boolean clean;
        synchronized (lifecycle) {
            // leave the group so the remaining workers take over at once instead of after the session timeout
            clean = streams.close(CloseOptions.groupMembershipOperation(
                    CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(timeout));
        }
        if (!clean) {
            log.warn("worker of app '{}' did not close Kafka Streams within {}", app.name(), timeout);
        }
        if (clean && failure == null && !topology.globalStores().isEmpty()) {
            recordGlobalEnds(timeout);
        }
        if (globalStateLost) {
            Path global = globalStateDir();
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

    /** Admin client properties from the worker's Kafka Streams properties, every call bounded by {@code timeout}. */
    private static Properties adminProperties(Properties streamsProps, Duration timeout) {
        Properties adminProps = new Properties();
        streamsProps.forEach((key, value) -> adminProps.put(key, value));
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return adminProps;
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
