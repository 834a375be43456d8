package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.ProcessingGuarantee;
import dev.mephisto.Topic;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.testing.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workers of one app split the partitions; when one stops the other takes over; under
 * exactly-once every input record is in the output exactly once.
 */
@Timeout(240)
class ScaleOutIT {

    private static final int PARTITIONS = 4;

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    Path state;

    static App app() {
        App app = App.create("scale-out", config -> config
                .withProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
                .withTopicPartitions(PARTITIONS));
        Topic<String, String> in = app.topic("scale-in", Codec.string(), Codec.string());
        Topic<String, String> out = app.topic("scale-out", Codec.string(), Codec.string());
        app.agent("mark", in, (key, value, ctx) -> ctx.send(out, key, value + "@" + ctx.partition())).sendsTo(out);
        return app;
    }

    @Test
    void shouldSplitPartitionsTakeOverAndDeliverEveryRecordExactlyOnce() throws Exception {
        Worker first = Worker.start(app(), options("a"));
        Worker second = Worker.start(app(), options("b"));
        try {
            first.awaitRunning(Duration.ofSeconds(90));
            second.awaitRunning(Duration.ofSeconds(90));
            awaitSplit(first, second, Duration.ofSeconds(90));
            assertFalse(activePartitions(first).isEmpty());
            assertFalse(activePartitions(second).isEmpty());

            produce(0, 200);
            List<ConsumerRecord<String, String>> before = TestConsumer.read(kafka.bootstrapServers(), "scale-out",
                    new StringDeserializer(), new StringDeserializer(), 200, Duration.ofSeconds(90), true);
            assertEquals(200, before.size());

            second.close();
            first.awaitRunning(Duration.ofSeconds(90));
            produce(200, 400);
            List<ConsumerRecord<String, String>> all = TestConsumer.read(kafka.bootstrapServers(), "scale-out",
                    new StringDeserializer(), new StringDeserializer(), 400, Duration.ofSeconds(120), true);

            List<String> keys = all.stream().map(ConsumerRecord::key).sorted().toList();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                expected.add(String.format("k%03d", i));
            }
            assertEquals(expected, keys, "every input exactly once");
            awaitAll(first, Duration.ofSeconds(30));
        } finally {
            second.close();
            first.close();
        }
    }

    private WorkerOptions options(String name) {
        return WorkerOptions.defaults().withBroker(kafka.bootstrapServers()).withStateDir(state.resolve(name))
                .withWebPort(0);
    }

    private static void produce(int from, int to) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>("scale-in", String.format("k%03d", i), "v" + i));
            }
            producer.flush();
        }
    }

    private static Set<Integer> activePartitions(Worker worker) {
        return worker.kafkaStreams().metadataForLocalThreads().stream()
                .map(ThreadMetadata::activeTasks)
                .flatMap(Set::stream)
                .flatMap(task -> task.topicPartitions().stream())
                .map(tp -> tp.partition())
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static void awaitSplit(Worker first, Worker second, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Set<Integer> a = activePartitions(first);
            Set<Integer> b = activePartitions(second);
            if (!a.isEmpty() && !b.isEmpty() && a.size() + b.size() == PARTITIONS) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("partitions not split between two workers: " + activePartitions(first) + " and "
                + activePartitions(second));
    }

    private static void awaitAll(Worker worker, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (activePartitions(worker).size() != PARTITIONS) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the remaining worker owns " + activePartitions(worker));
            }
            Thread.sleep(100);
        }
    }
}
