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
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.internals.StreamThread;
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
    void shouldRebuildAGlobalStoreThatLosesItsTopicWhileRunningWithoutStopping() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start();
                RecordedLogs engine = RecordedLogs.of(dev.mephisto.internal.worker.WorkerEngine.class)) {
            App app = directoryApp();
            send(cluster, app, "a1", "a2", "a3", "a4", "a5");
            try (Worker worker = start(cluster, app, options -> options.withKafka("metadata.max.age.ms", 500)
                    .withWebPort(0));
                    ReadinessWatch readiness = new ReadinessWatch("http://127.0.0.1:" + worker.webPort()
                            + "/health/ready")) {
                assertEquals(Set.of("a1", "a2", "a3", "a4", "a5"), globalKeys(worker));
                Thread.sleep(2_000); // the topic ids are recorded once running, on a thread of their own
                recreate(cluster, "directory");
                send(cluster, app, "b1", "b2");

                Set<WorkerState> seen = awaitGlobalKeys(worker, Set.of("b1", "b2"));
                worker.awaitRunning(Duration.ofSeconds(120));
                String rebuilding = readiness.firstContaining("\"rebuild\"");
                assertTrue(rebuilding.replace(" ", "").contains("\"ready\":false") && rebuilding.contains("global store '" + STORE
                        + "' lost its place in topic partition(s) [directory-0]"), rebuilding);
                assertTrue(seen.contains(WorkerState.REBALANCING), "states seen while rebuilding " + seen);
                assertTrue(seen.stream().allMatch(WorkerState::alive), "states seen while rebuilding " + seen);
                assertEquals(WorkerState.RUNNING, worker.state());
                assertNull(worker.failure());
                // the same worker handle keeps reading the recreated topic
                send(cluster, app, "c1");
                awaitGlobalKeys(worker, Set.of("b1", "b2", "c1"));
            }
            List<String> rebuilds = engine.all().stream().filter(line -> line.contains(" rebuilds: ")).toList();
            assertEquals(1, rebuilds.size(), "" + engine.all());
            assertTrue(rebuilds.get(0).startsWith("worker of app 'directory' rebuilds: global store '" + STORE
                    + "' lost its place in topic partition(s) [directory-0] while running"), rebuilds.get(0));
            assertTrue(rebuilds.get(0).contains("rebuilding it from the topic without stopping"), rebuilds.get(0));
            assertEquals(List.of(), engine.all().stream().filter(line -> line.contains(" stops: ")).toList());
            assertEquals(1, engine.count("rebuilt its global state and runs again"), "" + engine.all());
        }
    }

    @Test
    void shouldStopWithOneLineWhenAGlobalStoreKeepsLosingItsTopic() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start();
                RecordedLogs engine = RecordedLogs.of(dev.mephisto.internal.worker.WorkerEngine.class)) {
            App app = directoryApp();
            send(cluster, app, "a1");
            try (Worker worker = start(cluster, app, options -> options.withKafka("metadata.max.age.ms", 500))) {
                awaitGlobalKeys(worker, Set.of("a1"));
                for (int round = 1; round <= 3; round++) {
                    recreate(cluster, "directory");
                    send(cluster, app, "r" + round);
                    awaitGlobalKeys(worker, Set.of("r" + round));
                    worker.awaitRunning(Duration.ofSeconds(120));
                }
                recreate(cluster, "directory");
                send(cluster, app, "r4");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (worker.state() != WorkerState.FAILED && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals(WorkerState.FAILED, worker.state(), "" + engine.all());
            }
            assertEquals(3, engine.count(" rebuilds: "), "" + engine.all());
            List<String> stops = engine.all().stream().filter(line -> line.contains(" stops: ")).toList();
            assertEquals(1, stops.size(), "" + engine.all());
            assertTrue(stops.get(0).startsWith("worker of app 'directory' stops: global store '" + STORE
                    + "' lost its place in topic partition(s) [directory-0] while running, the 4th time within 10 min"),
                    stops.get(0));
            assertTrue(stops.get(0).contains("make the topic stay"), stops.get(0));
            assertTrue(stops.get(0).contains("restart the worker and it rebuilds the store from the topic"),
                    stops.get(0));
            try (Stream<Path> clusters = Files.list(dir.resolve("state"))) {
                Path global = clusters.filter(Files::isDirectory).findFirst().orElseThrow()
                        .resolve("directory").resolve("global");
                assertTrue(Files.notExists(global), "global store state left in " + global);
            }
        }
    }

    @Test
    void shouldNoticeAGlobalTopicRecreatedWhileRunningByItsIdWhereNoOffsetGoesOutOfRange() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start();
                RecordedLogs engine = RecordedLogs.of(dev.mephisto.internal.worker.WorkerEngine.class)) {
            App app = directoryApp();
            try (Worker worker = start(cluster, app, options -> options.withKafka("metadata.max.age.ms", 500))) {
                // the store has read nothing, so its position (0) stays valid on the recreated topic and no fetch is
                // ever out of range: only the topic's new id tells the worker that the store now reads another topic.
                // Kafka's consumer keeps its position across a recreation, so with a position of n and n records
                // already in the new topic when it next fetches, the store would otherwise miss them silently
                awaitGlobalKeys(worker, Set.of());
                recreate(cluster, "directory");
                send(cluster, app, "b1");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (engine.count("rebuilt its global state and runs again") == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                worker.awaitRunning(Duration.ofSeconds(120));
                awaitGlobalKeys(worker, Set.of("b1"));
                assertEquals(WorkerState.RUNNING, worker.state());
                assertNull(worker.failure());
            }
            List<String> rebuilds = engine.all().stream().filter(line -> line.contains(" rebuilds: ")).toList();
            assertEquals(1, rebuilds.size(), "" + engine.all());
            assertTrue(rebuilds.get(0).startsWith("worker of app 'directory' rebuilds: global store '" + STORE
                    + "' lost its place in topic partition(s) [directory-0] while running (the topic was deleted and"
                    + " recreated: its id changed from "), rebuilds.get(0));
            assertEquals(1, engine.count("rebuilt its global state and runs again"), "" + engine.all());
        }
    }

    @Test
    void shouldRebuildAGlobalStoreWhoseRecordsExpiredWhileStopped() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start();
                RecordedLogs logs = RecordedLogs.of(LocalState.class)) {
            App app = directoryApp();
            send(cluster, app, "a1", "a2", "a3", "a4", "a5");
            try (Worker worker = start(cluster, app, options -> options)) {
                assertEquals(Set.of("a1", "a2", "a3", "a4", "a5"), globalKeys(worker));
            }
            // while the worker is stopped, three more records arrive and retention removes all but the last
            send(cluster, app, "b1", "b2", "b3");
            expireBefore(cluster, new TopicPartition("directory", 0), 7);

            try (Worker worker = start(cluster, directoryApp(), options -> options)) {
                assertEquals(Set.of("b3"), globalKeys(worker));
                assertEquals(WorkerState.RUNNING, worker.state());
                assertNull(worker.failure());
            }
            List<String> expired = logs.all().stream().filter(line -> line.contains("expired")).toList();
            assertEquals(1, expired.size(), "" + logs.all());
            assertTrue(expired.get(0).startsWith("global store '" + STORE + "' of app 'directory'"), expired.get(0));
        }
    }

    @Test
    void shouldRebuildAGlobalStoreWhenAnUncleanStopLeftItsPositionUnknownAndItsTopicNoLongerBeginsAtZero()
            throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start();
                RecordedLogs logs = RecordedLogs.of(LocalState.class)) {
            App app = directoryApp();
            send(cluster, app, "a1", "a2", "a3");
            try (Worker worker = start(cluster, app, options -> options)) {
                assertEquals(Set.of("a1", "a2", "a3"), globalKeys(worker));
            }
            // what a killed worker leaves: state, but no record of how far its global store read
            try (Stream<Path> clusters = Files.list(dir.resolve("state"))) {
                Path root = clusters.filter(Files::isDirectory).findFirst().orElseThrow();
                Files.delete(root.resolve("directory.global-ends"));
            }
            send(cluster, app, "b1");
            expireBefore(cluster, new TopicPartition("directory", 0), 1);

            try (Worker worker = start(cluster, directoryApp(), options -> options)) {
                assertEquals(Set.of("a2", "a3", "b1"), globalKeys(worker));
            }
            List<String> unknown = logs.all().stream().filter(line -> line.contains("did not stop cleanly")).toList();
            assertEquals(1, unknown.size(), "" + logs.all());
            assertTrue(unknown.get(0).contains("topic partition directory-0 now begins at offset 1"), unknown.get(0));
        }
    }

    @Test
    void shouldRebuildAGlobalStoreWhoseStartDiesOnExpiredStateTheCheckMissed() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start();
                RecordedLogs engine = RecordedLogs.of(dev.mephisto.internal.worker.WorkerEngine.class)) {
            App app = directoryApp();
            send(cluster, app, "a1", "a2", "a3", "a4", "a5");
            try (Worker worker = start(cluster, app, options -> options)) {
                assertEquals(Set.of("a1", "a2", "a3", "a4", "a5"), globalKeys(worker));
            }
            send(cluster, app, "b1", "b2", "b3");
            expireBefore(cluster, new TopicPartition("directory", 0), 7);
            // as if the store had lagged at the clean stop: the record says it read up to 8, it read up to 5
            try (Stream<Path> clusters = Files.list(dir.resolve("state"))) {
                Path root = clusters.filter(Files::isDirectory).findFirst().orElseThrow();
                Files.writeString(root.resolve("directory.global-ends"), "directory 0 8\n");
            }

            try (Worker worker = start(cluster, directoryApp(), options -> options)) {
                assertEquals(Set.of("b3"), globalKeys(worker));
                assertEquals(WorkerState.RUNNING, worker.state());
                assertNull(worker.failure());
            }
            List<String> rebuilds = engine.all().stream().filter(line -> line.contains(" rebuilds: ")).toList();
            assertEquals(1, rebuilds.size(), "" + engine.all());
            assertTrue(rebuilds.get(0).startsWith("worker of app 'directory' rebuilds: global store '" + STORE
                    + "' could not start from topic(s) [directory]"), rebuilds.get(0));
        }
    }

    @Test
    void shouldRebuildATableWhoseChangelogOffsetsExpiredWhileStopped() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start();
                RecordedLogs logs = RecordedLogs.of(StreamThread.class)) {
            countThreeClicks(cluster);
            // while this worker is stopped, another one counts on (count 10, then 11) and retention removes
            // all of the changelog but the last record: this worker's local state is from before the log start
            TopicPartition changelog;
            long end;
            try (Admin admin = admin(cluster);
                    KafkaProducer<String, Long> producer = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                            new StringSerializer(), new LongSerializer())) {
                changelog = new TopicPartition(countingChangelog(admin), 0);
                producer.send(new ProducerRecord<>(changelog.topic(), 0, "k", 10L)).get(30, TimeUnit.SECONDS);
                end = producer.send(new ProducerRecord<>(changelog.topic(), 0, "k", 11L)).get(30, TimeUnit.SECONDS)
                        .offset();
            }
            // a windowed table's changelog is compact,delete: retention applies (a compacted one never expires)
            try (Admin admin = admin(cluster)) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, changelog.topic());
                admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                        new ConfigEntry("cleanup.policy", "compact,delete"), AlterConfigOp.OpType.SET)))).all()
                        .get(30, TimeUnit.SECONDS);
            }
            expireBefore(cluster, changelog, end);

            App again = countingApp();
            try (Worker worker = start(cluster, again, options -> options);
                    TopicClient client = client(cluster, again)) {
                TopicAdministrationIT.awaitCount(worker, 11);
                client.send(topic(again, "clicks"), "k", "x").get(30, TimeUnit.SECONDS);
                TopicAdministrationIT.awaitCount(worker, 12);
                assertEquals(WorkerState.RUNNING, worker.state());
                assertNull(worker.failure());
            }
            // Kafka Streams handles this one itself (a TaskCorruptedException, the task wiped and restored): its line
            List<String> corrupted = logs.all().stream().filter(line -> line.contains("are corrupted")).toList();
            assertEquals(1, corrupted.size(), "" + logs.all());
            assertTrue(corrupted.get(0).contains("Detected the states of tasks [0_0] are corrupted. Will close the task as"
                    + " dirty and re-create and bootstrap from scratch"), corrupted.get(0));
        }
    }

    @Test
    void shouldRebuildATableWhoseChangelogWasRecreatedWhileStopped() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start();
                RecordedLogs logs = RecordedLogs.of(LocalState.class)) {
            countThreeClicks(cluster);
            String changelog;
            try (Admin admin = admin(cluster)) {
                changelog = countingChangelog(admin);
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

    /** Runs the counting app on {@code cluster} until it counted three clicks of key k, then stops it. */
    private void countThreeClicks(KafkaCluster cluster) throws Exception {
        App app = countingApp();
        try (Worker worker = start(cluster, app, options -> options);
                TopicClient client = client(cluster, app)) {
            for (int i = 0; i < 3; i++) {
                client.send(topic(app, "clicks"), "k", "x").get(30, TimeUnit.SECONDS);
            }
            TopicAdministrationIT.awaitCount(worker, 3);
        }
    }

    private static String countingChangelog(Admin admin) throws Exception {
        return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(name -> name.startsWith("counting-") && name.endsWith("-changelog")).findFirst().orElseThrow();
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

    /** Reads a readiness URL every 20 ms on a thread of its own, keeping each distinct answer. */
    private static final class ReadinessWatch implements AutoCloseable {
        private final Set<String> answers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final Thread reader;
        private volatile boolean open = true;

        ReadinessWatch(String url) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build();
            reader = new Thread(() -> {
                while (open) {
                    try {
                        answers.add(http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                        Thread.sleep(20);
                    } catch (java.io.IOException e) {
                        // the worker is between answers: read again
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "readiness-watch");
            reader.setDaemon(true);
            reader.start();
        }

        String firstContaining(String text) {
            return answers.stream().filter(answer -> answer.contains(text)).findFirst()
                    .orElseThrow(() -> new AssertionError("no readiness answer contains " + text + ": " + answers));
        }

        @Override
        public void close() throws InterruptedException {
            open = false;
            reader.interrupt();
            reader.join(10_000);
        }
    }

    /** Waits until the worker's global store holds exactly {@code keys}; the worker states seen meanwhile. */
    private static Set<WorkerState> awaitGlobalKeys(Worker worker, Set<String> keys) throws InterruptedException {
        Set<WorkerState> seen = new TreeSet<>();
        Set<String> found = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            seen.add(worker.state());
            try {
                found = globalKeys(worker);
                if (found.equals(keys)) {
                    return seen;
                }
            } catch (InvalidStateStoreException | IllegalStateException rebuilding) {
                found = null;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("global store holds " + found + ", expected " + keys + "; states seen " + seen);
    }

    /** What retention does to a partition: its records before {@code offset} are gone. */
    private static void expireBefore(KafkaCluster cluster, TopicPartition partition, long offset) throws Exception {
        try (Admin admin = admin(cluster)) {
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(offset))).all()
                    .get(30, TimeUnit.SECONDS);
        }
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
