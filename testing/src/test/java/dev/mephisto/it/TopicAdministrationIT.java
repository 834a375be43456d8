package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.InvalidAppException;
import dev.mephisto.KeyValueTable;
import dev.mephisto.Topic;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.cli.Cli;
import dev.mephisto.testing.KafkaClusterExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the worker does to the cluster before it starts, and what reset undoes. */
@Timeout(180)
class TopicAdministrationIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    Path state;

    private WorkerOptions options() {
        return WorkerOptions.defaults().withBroker(kafka.bootstrapServers()).withStateDir(state).withWebPort(-1);
    }

    @Test
    void shouldCreateMissingTopicsWithTheirDeclaredSettings() throws Exception {
        App app = App.create("admin-create", config -> config.withTopicPartitions(2));
        Topic<String, String> in = app.topic(Topic.of("create-in", Codec.string(), Codec.string())
                .withPartitions(3).withRetention(Duration.ofHours(5)));
        Topic<String, String> out = app.topic(Topic.of("create-out", Codec.string(), Codec.string()).withCompaction());
        app.agent("copy", in, (key, value, ctx) -> ctx.send(out, key, value)).sendsTo(out);

        try (Worker worker = Worker.start(app, options()); Admin admin = admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("create-in", "create-out"))
                    .allTopicNames().get();
            assertEquals(3, topics.get("create-in").partitions().size());
            assertEquals(2, topics.get("create-out").partitions().size(), "the app's default partitions");
            var configs = admin.describeConfigs(List.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, "create-in"),
                    new ConfigResource(ConfigResource.Type.TOPIC, "create-out"))).all().get();
            assertEquals("18000000", configs.get(new ConfigResource(ConfigResource.Type.TOPIC, "create-in"))
                    .get("retention.ms").value());
            assertEquals("compact", configs.get(new ConfigResource(ConfigResource.Type.TOPIC, "create-out"))
                    .get("cleanup.policy").value());
        }
    }

    @Test
    void shouldRefuseToStartWhenAnExistingTopicConflictsWithItsDeclaration() {
        kafka.cluster().createTopic("conflict-in", 2, (short) 1);
        App app = App.create("admin-conflict");
        Topic<String, String> in = app.topic(Topic.of("conflict-in", Codec.string(), Codec.string())
                .withPartitions(4));
        app.agent("read", in, (key, value, ctx) -> { });

        InvalidAppException e = assertThrows(InvalidAppException.class, () -> Worker.start(app, options()));

        assertEquals(List.of("topic 'conflict-in' exists with 2 partitions, but the app declares 4: change"
                + " withPartitions(...) to 2, or add partitions to the topic (kafka-topics --alter --partitions)"),
                e.problems());
    }

    @Test
    void shouldRefuseToStartWhenTopicsFeedingOneTableAreNotCoPartitioned() {
        kafka.cluster().createTopic("copart-a", 2, (short) 1);
        kafka.cluster().createTopic("copart-b", 3, (short) 1);
        App app = App.create("admin-copartition");
        Topic<String, String> a = app.topic("copart-a", Codec.string(), Codec.string());
        Topic<String, String> b = app.topic("copart-b", Codec.string(), Codec.string());
        KeyValueTable<String, String> last = app.table("last", Codec.string(), Codec.string());
        app.agent("remember", List.of(a, b), (key, value, ctx) -> ctx.table(last).put(key, value)).uses(last);

        InvalidAppException e = assertThrows(InvalidAppException.class, () -> Worker.start(app, options()));

        assertEquals(List.of("topics copart-a, copart-b feed the same tables but are not co-partitioned (copart-a with"
                + " 2 partitions, copart-b with 3 partitions): give them the same number of partitions so that each"
                + " key meets its own state"), e.problems());
    }

    @Test
    void shouldResetOffsetsInternalTopicsAndLocalStateSoTheAppStartsOver() throws Exception {
        App app = resettable();
        try (Worker worker = Worker.start(app, options())) {
            worker.awaitRunning(Duration.ofSeconds(60));
            CliDemoAppsIT.cli(app, "send", "reset-in", "x", "--key", "k", "--broker", kafka.bootstrapServers());
            awaitCount(worker, 1L);
        }
        assertTrue(Files.exists(state.resolve("admin-reset")));

        StringWriter out = new StringWriter();
        int code = Cli.of(settings -> app)
                .env(Map.of()).out(new PrintWriter(out)).err(new PrintWriter(new StringWriter()))
                .run("reset", "--yes", "--broker", kafka.bootstrapServers(), "--state-dir", state.toString());

        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("deleted internal topic admin-reset-reset-counts-changelog"), out.toString());
        assertFalse(Files.exists(state.resolve("admin-reset")));
        try (Admin admin = admin()) {
            Set<String> topics = admin.listTopics().names().get();
            assertFalse(topics.contains("admin-reset-reset-counts-changelog"), topics.toString());
        }
        try (Worker worker = Worker.start(resettable(), options())) {
            worker.awaitRunning(Duration.ofSeconds(60));
            awaitCount(worker, 1L); // reprocessed from the earliest record into an empty table: 1 again, not 2
        }
    }

    @Test
    void shouldRefuseToResetWhileAWorkerRuns() throws Exception {
        App app = resettable();
        try (Worker worker = Worker.start(app, options())) {
            worker.awaitRunning(Duration.ofSeconds(60));
            StringWriter err = new StringWriter();
            int code = Cli.of(settings -> resettable())
                    .env(Map.of()).out(new PrintWriter(new StringWriter())).err(new PrintWriter(err))
                    .run("reset", "--yes", "--broker", kafka.bootstrapServers(), "--state-dir", state.toString());

            assertEquals(1, code);
            assertTrue(err.toString().contains("are still running"), err.toString());
            assertTrue(err.toString().contains("stop every worker first"), err.toString());
        }
    }

    private static App resettable() {
        App app = App.create("admin-reset");
        Topic<String, String> in = app.topic("reset-in", Codec.string(), Codec.string());
        KeyValueTable<String, Long> counts = app.table("reset-counts", Codec.string(), Codec.int64());
        app.agent("count", in, (key, value, ctx) -> ctx.table(counts).merge(key, 1L, Long::sum)).uses(counts);
        return app;
    }

    /** Waits until the worker's first table, a key-value count, holds {@code expected} for key {@code k}. */
    static void awaitCount(Worker worker, long expected) throws InterruptedException {
        @SuppressWarnings("unchecked")
        KeyValueTable<String, Long> counts = (KeyValueTable<String, Long>) worker.app().tables().get(0);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Long count = null;
        while (System.nanoTime() < deadline) {
            count = worker.get(counts, "k");
            if (count != null && count == expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("count of k is " + count + ", expected " + expected);
    }

    private static Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return Admin.create(props);
    }
}
