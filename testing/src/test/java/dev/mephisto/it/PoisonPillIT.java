package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.DeadLetter;
import dev.mephisto.Topic;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.testing.KafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1% poison pills among 100,000 records: every good record comes out, every bad one is in the
 * dead-letter topic with its coordinates, and the worker never leaves RUNNING.
 */
@Timeout(300)
class PoisonPillIT {

    private static final int RECORDS = 100_000;

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    Path state;

    record Reading(String sensor, int value) {
    }

    @Test
    void shouldDeadLetterEveryPoisonPillAndPassEveryGoodRecord() throws Exception {
        try (Worker worker = Worker.start(app(), WorkerOptions.defaults().withBroker(kafka.bootstrapServers())
                .withStateDir(state).withWebPort(-1))) {
            worker.awaitRunning(Duration.ofSeconds(60));
            Map<String, DeadLetter.Kind> expectedBad = new LinkedHashMap<>();
            long started = System.nanoTime();
            int good = produce(expectedBad);
            long producedMs = (System.nanoTime() - started) / 1_000_000;
            StateWatch watch = StateWatch.of(worker);

            List<ConsumerRecord<String, String>> passed = TestConsumer.read(kafka.bootstrapServers(), "readings-out",
                    new StringDeserializer(), new StringDeserializer(), good, Duration.ofSeconds(180), false);
            long processedMs = (System.nanoTime() - started) / 1_000_000;
            List<ConsumerRecord<byte[], byte[]>> dead = TestConsumer.read(kafka.bootstrapServers(), "poison.dlq",
                    new ByteArrayDeserializer(), new ByteArrayDeserializer(), expectedBad.size(), Duration.ofSeconds(60),
                    false);
            Set<String> notRunning = watch.leftRunning();

            assertEquals(good, passed.size(), "every good record comes out");
            assertEquals(good, passed.stream().map(ConsumerRecord::key).distinct().count(), "each once");
            assertEquals(expectedBad.size(), dead.size(), "every poison pill is a dead letter");
            for (ConsumerRecord<byte[], byte[]> record : dead) {
                DeadLetter letter = StateWatch.deadLetter(record);
                String coordinates = letter.topic() + "/" + letter.partition() + "@" + letter.offset();
                assertEquals(expectedBad.get(coordinates), letter.kind(), coordinates + " " + letter);
            }
            assertTrue(notRunning.isEmpty(), "the worker left RUNNING: " + notRunning);
            System.out.printf("FIGURES poison pills: %d records (%d bad) produced in %d ms, all processed in %d ms"
                    + " (%.0f records/s end to end)%n", RECORDS, expectedBad.size(), producedMs, processedMs,
                    RECORDS * 1000.0 / processedMs);
        }
    }

    private static App app() {
        App app = App.create("poison", config -> config.withTopicPartitions(2).withStatsInterval(Duration.ofSeconds(5)));
        Topic<String, Reading> readings = app.topic("readings", Codec.string(), Codec.json(Reading.class));
        Topic<String, String> out = app.topic("readings-out", Codec.string(), Codec.string());
        app.agent("check", readings, (key, reading, ctx) -> {
            if (reading.value() < 0) {
                throw ctx.reject("negative reading " + reading.value());
            }
            ctx.send(out, key, reading.sensor() + "=" + reading.value());
        }).sendsTo(out);
        return app;
    }

    /** Produces the records; returns how many are good and fills the bad ones' coordinates and kinds. */
    private static int produce(Map<String, DeadLetter.Kind> bad) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        int good = 0;
        List<java.util.concurrent.Future<RecordMetadata>> badSends = new ArrayList<>();
        List<DeadLetter.Kind> badKinds = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                String key = "k" + i;
                String value;
                if (i % 100 == 37) {
                    value = i % 200 == 37 ? "{\"sensor\": garbage" : "{\"sensor\":\"s\",\"value\":-1}";
                    badKinds.add(i % 200 == 37 ? DeadLetter.Kind.DECODE : DeadLetter.Kind.REJECTED);
                    badSends.add(producer.send(new ProducerRecord<>("readings", key.getBytes(StandardCharsets.UTF_8),
                            value.getBytes(StandardCharsets.UTF_8))));
                } else {
                    value = "{\"sensor\":\"s" + (i % 10) + "\",\"value\":" + i + "}";
                    good++;
                    producer.send(new ProducerRecord<>("readings", key.getBytes(StandardCharsets.UTF_8),
                            value.getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
            for (int i = 0; i < badSends.size(); i++) {
                RecordMetadata metadata = badSends.get(i).get();
                bad.put(metadata.topic() + "/" + metadata.partition() + "@" + metadata.offset(), badKinds.get(i));
            }
        }
        return good;
    }
}
