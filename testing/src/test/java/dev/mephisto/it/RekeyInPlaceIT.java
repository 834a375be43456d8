package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Topic;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.testing.KafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A re-key of a topic that declares its partition count: a record already on its new key's
 * partition is handled where it is, and only the others cross the repartition topic; every record
 * still reaches the one task of its new key.
 */
@Timeout(180)
class RekeyInPlaceIT {

    private static final int PARTITIONS = 4;
    private static final int USERS = 40;

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    Path state;

    @Test
    void shouldHandleRecordsOnTheirNewKeysPartitionInPlaceAndRepartitionOnlyTheOthers() throws Exception {
        App app = App.create("rekey-in-place");
        Topic<String, String> requests = app.topic(Topic.of("rip-requests", Codec.string(), Codec.string())
                .withPartitions(PARTITIONS));
        Topic<String, String> seen = app.topic("rip-seen", Codec.string(), Codec.string());
        // the value is "user:n"; the new key is the user, whatever key the producer chose
        app.agent("by-user", requests.rekey("rip-by-user", (key, value) -> value.split(":")[0], Codec.string()),
                (user, value, ctx) -> ctx.send(seen, user, value + "@" + ctx.partition())).sendsTo(seen);

        try (Worker worker = Worker.start(app, WorkerOptions.defaults().withBroker(kafka.bootstrapServers())
                .withStateDir(state).withWebPort(-1)
                // keep what crossed the repartition topic readable for the count
                .withKafka("repartition.purge.interval.ms", Long.MAX_VALUE))) {
            worker.awaitRunning(Duration.ofSeconds(60));
            long misplaced = 0;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
                for (int u = 0; u < USERS; u++) {
                    String user = "user" + u;
                    // keyed by the user: the default partitioner puts it on the user's partition
                    producer.send(new ProducerRecord<>("rip-requests", user, user + ":1"));
                    // keyed by something else: on another partition whenever the two hashes differ
                    producer.send(new ProducerRecord<>("rip-requests", "other" + u, user + ":2"));
                    if (partitionOf("other" + u) != partitionOf(user)) {
                        misplaced++;
                    }
                }
                producer.flush();
            }

            List<ConsumerRecord<String, String>> out = TestConsumer.read(kafka.bootstrapServers(), "rip-seen",
                    new StringDeserializer(), new StringDeserializer(), 2 * USERS, Duration.ofSeconds(90), false);
            assertEquals(2 * USERS, out.size());
            Map<String, String> partitionByUser = new TreeMap<>();
            for (ConsumerRecord<String, String> record : out) {
                String user = record.key();
                String partition = record.value().substring(record.value().indexOf('@') + 1);
                assertEquals(user, record.value().substring(0, record.value().indexOf(':')), "re-keyed by its user");
                assertEquals(Integer.toString(partitionOf(user)), partition,
                        "every record of a user reaches the task of the user's partition: " + record.value());
                String before = partitionByUser.putIfAbsent(user, partition);
                assertEquals(before == null ? partition : before, partition);
            }
            assertEquals(USERS, partitionByUser.size());
            long expected = misplaced;
            List<ConsumerRecord<String, String>> crossed = TestConsumer.read(kafka.bootstrapServers(),
                    "rekey-in-place-rip-by-user-repartition", new StringDeserializer(), new StringDeserializer(),
                    2 * USERS, Duration.ofSeconds(10), false); // all there is, after the outputs above
            assertEquals(expected, crossed.size(), "only the " + expected + " misplaced records cross the"
                    + " repartition topic, not the " + (2 * USERS - expected) + " already in place");
        }
    }

    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    private static Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return props;
    }
}
