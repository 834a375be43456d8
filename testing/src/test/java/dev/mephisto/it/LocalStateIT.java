package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.App;
import dev.mephisto.ClientOptions;
import dev.mephisto.Codec;
import dev.mephisto.KeyValueTable;
import dev.mephisto.Topic;
import dev.mephisto.TopicClient;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.WorkerState;
import dev.mephisto.broker.RecordedLogs;
import dev.mephisto.cli.Cli;
import dev.mephisto.internal.runtime.LocalState;
import dev.mephisto.testing.KafkaCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker starts cleanly on local state left by another cluster or by a topic since recreated:
 * by default state lives per cluster, and state that no longer fits the cluster is deleted with one
 * line and rebuilt from the topics, instead of Kafka Streams' global thread giving up on it.
 */
@Timeout(600)
class LocalStateIT {

    private static final String STORE = "directory-store";

    @TempDir
    Path dir;

    @Test
    void shouldRebuildTheGlobalStoreFromANewClusterWhenNoStateDirIsConfigured() throws Exception {
        twoClustersOneAfterTheOther(options -> options);

        // no state dir configured: one state directory per cluster beside the data dir, none shared
        try (Stream<Path> clusters = Files.list(dir.resolve("state"))) {
            List<Path> roots = clusters.filter(Files::isDirectory).toList();
            assertEquals(2, roots.size(), "state directories " + roots);
            for (Path root : roots) {
                assertTrue(Files.isDirectory(root.resolve(directoryApp().applicationId()).resolve("global")),
                        "no global store state in " + root);
            }
        }
    }

    @Test
    void shouldDeleteStateOfAnotherClusterInAConfiguredStateDir() throws Exception {
        Path state = dir.resolve("configured");
        List<String> lines = twoClustersOneAfterTheOther(options -> options.withStateDir(state));

        assertEquals(1, lines.stream().filter(line -> line.contains("was built from cluster")).count(), "" + lines);
        String line = lines.stream().filter(l -> l.contains("was built from cluster")).findFirst().orElseThrow();
        assertTrue(line.contains(state.resolve(directoryApp().applicationId()).toString()), line);
        assertTrue(line.contains("rebuild from this cluster's topics"), line);
    }

    @Test
    void shouldRebuildAGlobalStoreWhoseTopicWasRecreatedWhileStopped() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start();
                RecordedLogs logs = RecordedLogs.of(LocalState.class)) {
            App app = directoryApp();
            send(cluster, app, "a1", "a2", "a3", "a4", "a5");
            try (Worker worker = start(cluster, app, options -> options)) {
                assertEquals(Set.of("a1", "a2", "a3", "a4", "a5"), globalKeys(worker));
            }
            recreate(cluster, "directory");
            send(cluster, app, "b1", "b2");

            try (Worker worker = start(cluster, directoryApp(), options -> options)) {
                assertEquals(Set.of("b1", "b2"), globalKeys(worker));
                assertEquals(WorkerState.RUNNING, worker.state());
                assertNull(worker.failure());
            }
            List<String> stale = logs.all().stream().filter(line -> line.contains("deleted and recreated")).toList();
            assertEquals(1, stale.size(), "" + logs.all());
            assertTrue(stale.get(0).startsWith("global store '" + STORE + "' of app 'directory'"), stale.get(0));
            assertTrue(stale.get(0).contains("built from topic 'directory'"), stale.get(0));
            assertTrue(stale.get(0).contains("so it rebuilds from the topic"), stale.get(0));
        }
    }

    @Test
    void shouldStopWithOneLineWhenAGlobalStoreLosesItsTopicWhileRunningAndRebuildOnRestart() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start();
                RecordedLogs engine = RecordedLogs.of(dev.mephisto.internal.worker.WorkerEngine.class)) {
            App app = directoryApp();
            send(cluster, app, "a1", "a2", "a3", "a4", "a5");
            try (Worker worker = start(cluster, app, options -> options.withKafka("metadata.max.age.ms", 500))) {
                assertEquals(Set.of("a1", "a2", "a3", "a4", "a5"), globalKeys(worker));
                Thread.sleep(2_000); // the topic ids are recorded once running, on a thread of their own
                recreate(cluster, "directory");
                send(cluster, app, "b1", "b2");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (worker.state() != WorkerState.FAILED && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals(WorkerState.FAILED, worker.state(), "" + engine.all());
            }
            List<String> stops = engine.all().stream().filter(line -> line.contains(" stops: ")).toList();
            assertEquals(1, stops.size(), "" + engine.all());
            assertTrue(stops.get(0).startsWith("worker of app 'directory' stops: global store '" + STORE
                    + "' lost its place in topic partition(s) [directory-0] while running"), stops.get(0));
            assertTrue(stops.get(0).contains("restart it and it rebuilds the store from the topic"), stops.get(0));
            try (Stream<Path> clusters = Files.list(dir.resolve("state"))) {
                Path global = clusters.filter(Files::isDirectory).findFirst().orElseThrow()
                        .resolve("directory").resolve("global");
                assertTrue(Files.notExists(global), "global store state left in " + global);
            }

            try (Worker worker = start(cluster, directoryApp(), options -> options)) {
                assertEquals(Set.of("b1", "b2"), globalKeys(worker));
            }
        }
    }

    @Test
    void shouldRebuildATableWhoseChangelogWasRecreatedWhileStopped() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start();
                RecordedLogs logs = RecordedLogs.of(LocalState.class)) {
            App app = countingApp();
            try (Worker worker = start(cluster, app, options -> options);
                    TopicClient client = client(cluster, app)) {
                for (int i = 0; i < 3; i++) {
                    client.send(topic(app, "clicks"), "k", "x").get(30, TimeUnit.SECONDS);
                }
                TopicAdministrationIT.awaitCount(worker, 3);
            }
            String changelog;
            try (Admin admin = admin(cluster)) {
                changelog = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                        .filter(name -> name.startsWith("counting-") && name.endsWith("-changelog"))
                        .findFirst().orElseThrow();
                admin.deleteTopics(List.of(changelog)).all().get(30, TimeUnit.SECONDS);
            }

            App again = countingApp();
            try (Worker worker = start(cluster, again, options -> options);
                    TopicClient client = client(cluster, again)) {
                client.send(topic(again, "clicks"), "k", "x").get(30, TimeUnit.SECONDS);
                // rebuilt from the recreated, empty changelog: the old local count 3 is gone
                TopicAdministrationIT.awaitCount(worker, 1);
                assertEquals(WorkerState.RUNNING, worker.state());
            }
            List<String> stale = logs.all().stream().filter(line -> line.contains("rebuild from the changelog")).toList();
            assertEquals(1, stale.size(), "" + logs.all());
            assertTrue(stale.get(0).startsWith("tables of app 'counting' in tasks [0_0]"), stale.get(0));
            assertTrue(stale.get(0).contains("built from changelog '" + changelog + "'"), stale.get(0));
        }
    }

    @Test
    void shouldResetTheStateWhereTheDefaultPutIt() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start()) {
            App app = countingApp();
            try (Worker worker = start(cluster, app, options -> options);
                    TopicClient client = client(cluster, app)) {
                client.send(topic(app, "clicks"), "k", "x").get(30, TimeUnit.SECONDS);
                TopicAdministrationIT.awaitCount(worker, 1);
            }
            Path appState;
            try (Stream<Path> clusters = Files.list(dir.resolve("state"))) {
                appState = clusters.findFirst().orElseThrow().resolve("counting");
            }
            assertTrue(Files.isDirectory(appState), "no state in " + appState);

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Cli.of(settings -> countingApp()).env(Map.of()).out(new PrintWriter(out))
                    .err(new PrintWriter(err)).run("reset", "--yes", "--broker", cluster.bootstrapServers(),
                            "--data-dir", dir.resolve("kafka").toString());

            assertEquals(0, code, err.toString());
            assertTrue(out.toString().contains("deleted local state " + appState), out.toString());
            assertTrue(Files.notExists(appState), "state left in " + appState);
        }
    }

    /** Runs the directory app on one cluster, then on a fresh one with the same options; its log lines. */
    private List<String> twoClustersOneAfterTheOther(UnaryOperator<WorkerOptions> options) throws Exception {
        try (RecordedLogs logs = RecordedLogs.of(LocalState.class)) {
            try (KafkaCluster first = KafkaCluster.start()) {
                App app = directoryApp();
                send(first, app, "a1", "a2", "a3", "a4", "a5");
                try (Worker worker = start(first, app, options)) {
                    assertEquals(Set.of("a1", "a2", "a3", "a4", "a5"), globalKeys(worker));
                }
            }
            try (KafkaCluster second = KafkaCluster.start()) {
                App app = directoryApp();
                send(second, app, "b1", "b2");
                try (Worker worker = start(second, app, options)) {
                    assertEquals(Set.of("b1", "b2"), globalKeys(worker));
                    assertEquals(WorkerState.RUNNING, worker.state());
                    assertNull(worker.failure());
                }
            }
            return logs.all();
        }
    }

    private static App directoryApp() {
        App app = App.create("directory", config -> config.withTopicPartitions(1).withStatsInterval(Duration.ZERO));
        Topic<String, String> rooms = app.topic("directory", Codec.string(), Codec.string());
        Topic<String, String> lookups = app.topic("lookups", Codec.string(), Codec.string());
        Topic<String, String> results = app.topic("lookup-results", Codec.string(), Codec.string());
        app.streams("lookup", builder -> {
            rooms.globalStore(builder, STORE);
            results.to(lookups.stream(builder).mapValues(value -> value));
        });
        return app;
    }

    private static App countingApp() {
        App app = App.create("counting", config -> config.withTopicPartitions(1).withStatsInterval(Duration.ZERO));
        Topic<String, String> clicks = app.topic("clicks", Codec.string(), Codec.string());
        KeyValueTable<String, Long> counts = app.table("click-counts", Codec.string(), Codec.int64());
        app.agent("count", clicks, (key, value, ctx) -> ctx.table(counts).merge(key, 1L, Long::sum)).uses(counts);
        return app;
    }

    private Worker start(KafkaCluster cluster, App app, UnaryOperator<WorkerOptions> options)
            throws InterruptedException {
        Worker worker = Worker.start(app, options.apply(WorkerOptions.defaults().withBroker(cluster.bootstrapServers())
                .withDataDir(dir.resolve("kafka")).withWebPort(-1)));
        try {
            worker.awaitRunning(Duration.ofSeconds(120));
        } catch (RuntimeException | InterruptedException e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    private static Set<String> globalKeys(Worker worker) {
        ReadOnlyKeyValueStore<String, Object> store = worker.kafkaStreams().store(
                StoreQueryParameters.fromNameAndType(STORE, QueryableStoreTypes.keyValueStore()));
        Set<String> keys = new TreeSet<>();
        try (KeyValueIterator<String, Object> all = store.all()) {
            all.forEachRemaining((KeyValue<String, Object> entry) -> keys.add(entry.key));
        }
        return keys;
    }

    private static void send(KafkaCluster cluster, App app, String... keys) throws Exception {
        try (TopicClient client = client(cluster, app)) {
            for (String key : keys) {
                client.send(topic(app, "directory"), key, "room " + key).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Deletes a topic and creates it again, empty, once the broker lets it. */
    private static void recreate(KafkaCluster cluster, String topic) throws Exception {
        try (Admin admin = admin(cluster)) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Topic<String, String> topic(App app, String name) {
        return (Topic<String, String>) app.topics().stream().filter(topic -> topic.name().equals(name)).findFirst()
                .orElseThrow();
    }

    private static TopicClient client(KafkaCluster cluster, App app) {
        return TopicClient.connect(app, ClientOptions.defaults().withBroker(cluster.bootstrapServers()));
    }

    private static Admin admin(KafkaCluster cluster) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }
}
