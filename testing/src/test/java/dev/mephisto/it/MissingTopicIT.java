package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.App;
import dev.mephisto.ClientOptions;
import dev.mephisto.Codec;
import dev.mephisto.ReadOptions;
import dev.mephisto.Received;
import dev.mephisto.Topic;
import dev.mephisto.TopicClient;
import dev.mephisto.TopicReader;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.WorkerState;
import dev.mephisto.broker.RecordedLogs;
import dev.mephisto.internal.worker.WorkerEngine;
import dev.mephisto.testing.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source topic that goes missing for a while (a broker restarting answers metadata without its
 * topics; an operator deletes and recreates a topic) does not stop the worker: its stream threads
 * are replaced until the topic is back, and the records written after it returns are processed.
 */
@Timeout(300)
class MissingTopicIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    Path state;

    @Test
    void shouldKeepRunningWhileASourceTopicIsDeletedAndRecreated() throws Exception {
        App app = App.create("missing-topic");
        Topic<String, String> in = app.topic("missing-in", Codec.string(), Codec.string());
        Topic<String, String> out = app.topic("missing-out", Codec.string(), Codec.string());
        app.agent("copy", in, (key, value, ctx) -> ctx.send(out, key, value)).sendsTo(out);
        try (RecordedLogs logs = RecordedLogs.of(WorkerEngine.class);
                Worker worker = Worker.start(app, WorkerOptions.defaults().withBroker(kafka.bootstrapServers())
                        .withStateDir(state).withWebPort(-1).withKafka("metadata.max.age.ms", 500));
                TopicClient client = TopicClient.connect(app, ClientOptions.defaults()
                        .withBroker(kafka.bootstrapServers()));
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers()))) {
            worker.awaitRunning(Duration.ofSeconds(60));
            client.send(in, "k", "before").get(30, TimeUnit.SECONDS);
            assertEquals(List.of("before"), read(client, out, 1));

            admin.deleteTopics(List.of(in.name())).all().get(30, TimeUnit.SECONDS);
            // Kafka Streams first leaves the topic's tasks out of the assignment and fails the stream
            // thread only at a later rebalance (about a minute here)
            await(() -> logs.contains("finds a source topic missing"), Duration.ofSeconds(150),
                    "the worker to notice the missing topic; it logged " + logs.all());
            assertTrue(worker.state() != WorkerState.FAILED, "state " + worker.state());

            admin.createTopics(List.of(new NewTopic(in.name(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            worker.awaitRunning(Duration.ofSeconds(90));
            client.send(in, "k", "after").get(30, TimeUnit.SECONDS);
            assertEquals(List.of("before", "after"), read(client, out, 2));
            assertEquals(WorkerState.RUNNING, worker.state());
            assertNull(worker.failure(), "the worker recorded a failure");
        }
    }

    private static List<String> read(TopicClient client, Topic<String, String> topic, int expected) {
        List<String> values = new ArrayList<>();
        try (TopicReader<String, String> reader = client.read(topic, ReadOptions.fromBeginning())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (Received<String, String> record : reader.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout + " for " + what);
            }
            Thread.sleep(100);
        }
    }
}
