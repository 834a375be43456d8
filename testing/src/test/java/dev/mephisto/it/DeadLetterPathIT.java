package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.DeadLetter;
import dev.mephisto.ProcessingGuarantee;
import dev.mephisto.Topic;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.WorkerState;
import dev.mephisto.testing.KafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The dead-letter path never stops a worker: oversized dead letters, global-table topics, send failures. */
@Timeout(300)
class DeadLetterPathIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    Path state;

    record Reading(String sensor, int value) {
    }

    record Room(String name) {
    }

    @Test
    void shouldTruncateAnOversizedDeadLetterUnderExactlyOnceAndKeepRunning() throws Exception {
        App app = App.create("eos-oversized", config -> config.withTopicPartitions(1)
                .withProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).withStatsInterval(Duration.ZERO));
        Topic<String, Reading> readings = app.topic("big-readings", Codec.string(), Codec.json(Reading.class))
                .withConfig("max.message.bytes", "2000000");
        Topic<String, String> out = app.topic("big-readings-out", Codec.string(), Codec.string());
        app.agent("check", readings, (key, reading, ctx) -> ctx.send(out, key, reading.sensor())).sendsTo(out);

        try (Worker worker = start(app, state.resolve("eos"))) {
            StateWatch left = StateWatch.of(worker);
            byte[] huge = new byte[1_048_400]; // not JSON: a decode dead letter of 1,049,274 bytes before the fix
            Arrays.fill(huge, (byte) 'x');
            send("big-readings", "g1", bytes("{\"sensor\":\"s1\",\"value\":1}"));
            RecordMetadata bad = send("big-readings", "bad", huge);
            send("big-readings", "g2", bytes("{\"sensor\":\"s2\",\"value\":2}"));

            List<ConsumerRecord<String, String>> passed = TestConsumer.read(kafka.bootstrapServers(), "big-readings-out",
                    new StringDeserializer(), new StringDeserializer(), 2, Duration.ofSeconds(60), true);
            List<DeadLetter> letters = deadLetters("eos-oversized.dlq", 1, true);
            Thread.sleep(2_000); // anything more, or a crash, would show now

            assertEquals(List.of("g1=s1", "g2=s2"), passed.stream().map(r -> r.key() + "=" + r.value()).toList(),
                    "the good records around it, once each");
            assertEquals(2, TestConsumer.read(kafka.bootstrapServers(), "big-readings-out", new StringDeserializer(),
                    new StringDeserializer(), 3, Duration.ofSeconds(3), true).size(), "no duplicates");
            assertEquals(1, letters.size());
            DeadLetter letter = letters.get(0);
            assertEquals(DeadLetter.Kind.DECODE, letter.kind());
            assertEquals("big-readings", letter.topic());
            assertEquals(bad.offset(), letter.offset());
            assertTrue(letter.truncated());
            assertEquals("value", letter.headers().get(DeadLetter.HEADER_TRUNCATED));
            assertEquals("1048400", letter.headers().get(DeadLetter.HEADER_ORIGINAL_VALUE_SIZE));
            assertEquals(sha256(huge), letter.headers().get(DeadLetter.HEADER_ORIGINAL_VALUE_SHA256));
            assertEquals("bad", letter.keyText());
            assertTrue(letter.value().length > 1_000_000 && letter.value().length < huge.length, "" + letter.value().length);
            assertTrue(letter.message().length() <= DeadLetter.MAX_MESSAGE_CHARS);
            assertEquals(WorkerState.RUNNING, worker.state());
            assertTrue(left.leftRunning().isEmpty(), "the worker left RUNNING: " + left.leftRunning());
            System.out.printf("FIGURES oversized dead letter: original value %d bytes, dead letter value %d bytes%n",
                    huge.length, letter.value().length);
        }
    }

    @Test
    void shouldCarryTheOriginalRecordInASendFailedDeadLetter() throws Exception {
        App app = App.create("send-failed", config -> config.withTopicPartitions(1).withStatsInterval(Duration.ZERO));
        Topic<String, String> lines = app.topic("long-lines", Codec.string(), Codec.string());
        Topic<String, String> words = app.topic("long-words", Codec.string(), Codec.string());
        // a 700 KB word sent as key and value: 1.4 MB, over the producer's max.request.size
        app.agent("split", lines, (key, line, ctx) -> {
            for (String word : line.split(" ")) {
                ctx.send(words, word, word);
            }
        }).sendsTo(words);

        try (Worker worker = start(app, state.resolve("send"))) {
            StateWatch left = StateWatch.of(worker);
            byte[] word = new byte[700_000];
            Arrays.fill(word, (byte) 'w');
            send("long-lines", "l1", bytes("hello world"));
            RecordMetadata bad = send("long-lines", "l2", word);
            send("long-lines", "l3", bytes("again"));

            List<ConsumerRecord<String, String>> passed = TestConsumer.read(kafka.bootstrapServers(), "long-words",
                    new StringDeserializer(), new StringDeserializer(), 3, Duration.ofSeconds(60), false);
            List<DeadLetter> letters = deadLetters("send-failed.dlq", 1, false);

            assertEquals(List.of("hello", "world", "again"), passed.stream().map(ConsumerRecord::key).toList());
            DeadLetter letter = letters.get(0);
            assertEquals(DeadLetter.Kind.SEND_FAILED, letter.kind());
            assertEquals("split", letter.agent());
            assertEquals("long-words", letter.headers().get(DeadLetter.HEADER_TARGET_TOPIC));
            assertEquals(bad.offset(), letter.offset());
            assertEquals("l2", letter.keyText(), "the original key");
            assertArrayEquals(word, letter.value(), "the original value");
            assertFalse(letter.truncated());
            assertTrue(left.leftRunning().isEmpty(), "the worker left RUNNING: " + left.leftRunning());
        }
    }

    @Test
    void shouldDeadLetterABadRecordOnAGlobalStoreTopicAndNeverStoreIt() throws Exception {
        try (Worker worker = start(globalApp(), state.resolve("global-1"))) {
            StateWatch left = StateWatch.of(worker);
            send("rooms", "r1", bytes("{\"name\":\"lobby\"}"));
            send("rooms", "r2", bytes("{\"name\":\"games\"}"));
            RecordMetadata bad = send("rooms", "r1", bytes("hello world")); // the kcat line, over a good r1
            RecordMetadata alsoBad = send("rooms", "r2", bytes("not json either"));
            send("rooms", "r3", bytes("{\"name\":\"news\"}"));
            Thread.sleep(1_000);
            send("lookups", "q1", bytes("r1"));
            send("lookups", "q2", bytes("r3"));

            List<ConsumerRecord<String, String>> found = TestConsumer.read(kafka.bootstrapServers(), "lookup-results",
                    new StringDeserializer(), new StringDeserializer(), 2, Duration.ofSeconds(60), false);
            assertEquals(List.of("q1=lobby", "q2=news"), found.stream().map(r -> r.key() + "=" + r.value()).toList());
            List<DeadLetter> letters = deadLetters("global-rooms.dlq", 2, false);
            assertEquals(2, letters.size(), "" + letters);
            Map<Long, DeadLetter> byOffset = new LinkedHashMap<>();
            letters.forEach(letter -> byOffset.put(letter.offset(), letter));
            DeadLetter letter = byOffset.get(bad.offset());
            assertEquals(DeadLetter.Kind.DECODE, letter.kind());
            assertEquals("rooms", letter.topic());
            assertEquals(bad.partition(), letter.partition());
            assertEquals("hello world", letter.valueText());
            assertTrue(letter.message().contains("cannot decode"), letter.message());
            assertTrue(byOffset.containsKey(alsoBad.offset()));
            assertEquals(WorkerState.RUNNING, worker.state());
            assertTrue(left.leftRunning().isEmpty(), "the worker left RUNNING: " + left.leftRunning());
        }
        // a fresh worker restores the global store from the topic: the bad records stay out of it
        try (Worker worker = start(globalApp(), state.resolve("global-2"))) {
            send("lookups", "q3", bytes("r1"));
            send("lookups", "q4", bytes("r2"));
            List<ConsumerRecord<String, String>> found = TestConsumer.read(kafka.bootstrapServers(), "lookup-results",
                    new StringDeserializer(), new StringDeserializer(), 4, Duration.ofSeconds(60), false);
            assertEquals(List.of("q1=lobby", "q2=news", "q3=lobby", "q4=games"),
                    found.stream().map(r -> r.key() + "=" + r.value()).toList());
            assertEquals(WorkerState.RUNNING, worker.state());
        }
    }

    private static App globalApp() {
        App app = App.create("global-rooms", config -> config.withTopicPartitions(1).withStatsInterval(Duration.ZERO));
        Topic<String, Room> rooms = app.topic("rooms", Codec.string(), Codec.json(Room.class));
        Topic<String, String> lookups = app.topic("lookups", Codec.string(), Codec.string());
        Topic<String, String> results = app.topic("lookup-results", Codec.string(), Codec.string());
        app.streams("lookup", builder -> {
            rooms.globalStore(builder, "room-store");
            results.to(lookups.stream(builder).process(Lookup::new));
        });
        return app;
    }

    /** Answers a lookup with the room's name, or {@code absent}. */
    private static final class Lookup implements Processor<String, String, String, String> {
        private ProcessorContext<String, String> context;
        private TimestampedKeyValueStore<String, Room> store;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            this.store = context.getStateStore("room-store");
        }

        @Override
        public void process(Record<String, String> record) {
            ValueAndTimestamp<Room> room = store.get(record.value());
            context.forward(record.withValue(room == null ? "absent" : room.value().name()));
        }
    }

    private static Worker start(App app, Path stateDir) throws InterruptedException {
        Worker worker = Worker.start(app, WorkerOptions.defaults().withBroker(kafka.bootstrapServers())
                .withStateDir(stateDir).withWebPort(-1));
        worker.awaitRunning(Duration.ofSeconds(90));
        return worker;
    }

    private static RecordMetadata send(String topic, String key, byte[] value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, bytes(key), value)).get();
        }
    }

    private static List<DeadLetter> deadLetters(String topic, int count, boolean readCommitted) {
        return TestConsumer.read(kafka.bootstrapServers(), topic, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                count, Duration.ofSeconds(60), readCommitted).stream()
                .map(StateWatch::deadLetter).toList();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
