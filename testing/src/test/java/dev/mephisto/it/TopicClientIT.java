package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.AgentContext;
import dev.mephisto.App;
import dev.mephisto.ClientOptions;
import dev.mephisto.Codec;
import dev.mephisto.Outgoing;
import dev.mephisto.ReadOptions;
import dev.mephisto.Received;
import dev.mephisto.Sent;
import dev.mephisto.Topic;
import dev.mephisto.TopicClient;
import dev.mephisto.TopicReader;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.testing.KafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The typed client against a real broker: what it sends is what an agent would send, and reads come back typed. */
@Timeout(180)
class TopicClientIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    Path state;

    record Order(String orderId, String customer, int items) {
    }

    @Test
    void shouldSendTypedRecordsThatLandWhereAnAgentsSendPutsTheSameKeyAndCarryTheirRequestIds() throws Exception {
        App app = App.create("client-routing");
        Topic<String, Order> orders = app.topic(Topic.of("client-orders", Codec.string(), Codec.json(Order.class))
                .withPartitions(5).withIngress(Order::orderId));
        Topic<String, Order> routed = app.topic(Topic.of("client-routed", Codec.string(), Codec.json(Order.class))
                .withPartitions(5));
        app.agent("route", orders, (key, order, ctx) -> ctx.send(routed, key, order)).sendsTo(routed);
        try (Worker worker = Worker.start(app, WorkerOptions.defaults().withBroker(kafka.bootstrapServers())
                .withStateDir(state).withWebPort(-1));
                TopicClient client = TopicClient.connect(app, ClientOptions.defaults()
                        .withBroker(kafka.bootstrapServers()))) {
            worker.awaitRunning(WAIT);
            Map<String, Sent> viaAgent = new HashMap<>();
            Map<String, Sent> direct = new HashMap<>();
            for (int i = 0; i < 20; i++) {
                Order order = new Order("o-" + i, "ada", i);
                viaAgent.put(order.orderId(), client.send(orders, order).get(30, TimeUnit.SECONDS));
                direct.put(order.orderId(), client.send(routed, order.orderId(), order).get(30, TimeUnit.SECONDS));
            }

            List<Received<String, Order>> read = readAtLeast(client, routed, ReadOptions.fromBeginning(), 40);

            assertEquals(40, read.size(), "20 from the agent, 20 sent directly");
            for (Received<String, Order> record : read) {
                assertTrue(record.failure().isEmpty());
                Sent mine = direct.get(record.key());
                assertEquals(mine.partition(), record.partition(),
                        "key " + record.key() + " lands where the agent's ctx.send put it");
                assertEquals(client.partitionOf(routed, record.key()), record.partition());
                assertEquals(record.key(), record.value().orderId(), "keyed by the topic's extractor");
                boolean fromAgent = !record.requestId().equals(mine.requestId());
                if (fromAgent) {
                    assertEquals(viaAgent.get(record.key()).requestId(), record.requestId(),
                            "the agent's output carries the request id the client gave the input");
                }
            }
            assertEquals(20, read.stream().map(Received::requestId).filter(id -> direct.values().stream()
                    .anyMatch(sent -> sent.requestId().equals(id))).count());
            assertEquals(20, viaAgent.values().stream().map(Sent::requestId).distinct().count(), "a new id each");
        }
    }

    @Test
    void shouldReturnAnUndecodableRecordAsSuchAndTheRestOfTheBatch() throws Exception {
        App app = App.create("client-decode");
        Topic<String, Order> orders = app.topic("client-decode-orders", Codec.string(), Codec.json(Order.class));
        createTopic(orders.name(), 1);
        App raw = App.create("client-decode");
        Topic<String, byte[]> bytes = raw.topic(orders.name(), Codec.string(), Codec.bytes());
        try (TopicClient rawClient = TopicClient.connect(raw, ClientOptions.defaults().withBroker(kafka.bootstrapServers()));
                TopicClient client = TopicClient.connect(app, ClientOptions.defaults()
                        .withBroker(kafka.bootstrapServers()))) {
            client.send(orders, "good-1", new Order("good-1", "ada", 1)).get(30, TimeUnit.SECONDS);
            rawClient.send(bytes, "bad", "{not json".getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
            client.send(orders, "good-2", new Order("good-2", "bob", 2)).get(30, TimeUnit.SECONDS);

            List<Received<String, Order>> read = readAtLeast(client, orders, ReadOptions.fromBeginning(), 3);

            assertEquals(List.of("good-1", "bad", "good-2"), read.stream().map(Received::key).toList(),
                    "the key of the bad record still decodes; the batch goes on after it");
            Received<String, Order> bad = read.get(1);
            assertTrue(bad.failure().isPresent());
            assertTrue(bad.failure().get().getMessage().contains("topic 'client-decode-orders'"),
                    bad.failure().get().getMessage());
            assertEquals("{not json", new String(bad.rawValue(), StandardCharsets.UTF_8));
            IllegalStateException noValue = assertThrows(IllegalStateException.class, bad::value);
            assertTrue(noValue.getMessage().startsWith("record client-decode-orders-0-1 did not decode"),
                    noValue.getMessage());
            assertEquals(2, read.get(2).value().items());
        }
    }

    @Test
    void shouldRegisterAsAnIdempotentProducerWithTheBroker() throws Exception {
        App app = App.create("client-idempotent");
        Topic<String, String> notes = app.topic("client-notes", Codec.string(), Codec.string());
        createTopic(notes.name(), 1);
        try (TopicClient client = TopicClient.connect(app, ClientOptions.defaults().withBroker(kafka.bootstrapServers()));
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Sent sent = client.send(notes, "k", "hello").get(30, TimeUnit.SECONDS);
            TopicPartition partition = new TopicPartition(notes.name(), sent.partition());

            List<ProducerState> producers = admin.describeProducers(List.of(partition)).partitionResult(partition)
                    .get(30, TimeUnit.SECONDS).activeProducers();

            assertEquals(1, producers.size(), "only an idempotent (or transactional) producer has a producer id"
                    + " the partition keeps state for");
            assertTrue(producers.get(0).producerId() >= 0);
            assertTrue(producers.get(0).currentTransactionStartOffset().isEmpty(), "not a transaction");
        }
    }

    @Test
    void shouldReadOnlyCommittedRecordsUnlessToldOtherwise() throws Exception {
        App app = App.create("client-committed");
        Topic<String, String> ledger = app.topic("client-ledger", Codec.string(), Codec.string());
        createTopic(ledger.name(), 1);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "client-ledger-writer");
        try (KafkaProducer<byte[], byte[]> transactional = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer());
                TopicClient client = TopicClient.connect(app, ClientOptions.defaults()
                        .withBroker(kafka.bootstrapServers()))) {
            transactional.initTransactions();
            transactional.beginTransaction();
            transactional.send(new ProducerRecord<>(ledger.name(), utf8("k"), utf8("committed")));
            transactional.commitTransaction();
            transactional.beginTransaction();
            transactional.send(new ProducerRecord<>(ledger.name(), utf8("k"), utf8("aborted")));
            transactional.flush();
            transactional.abortTransaction();
            transactional.beginTransaction();
            transactional.send(new ProducerRecord<>(ledger.name(), utf8("k"), utf8("open")));
            transactional.flush();

            List<String> committed = values(readAtLeast(client, ledger, ReadOptions.fromBeginning(), 1));
            List<String> everything = values(readAtLeast(client, ledger,
                    ReadOptions.fromBeginning().withReadCommitted(false), 3));

            assertEquals(List.of("committed"), committed);
            assertEquals(List.of("committed", "aborted", "open"), everything);
            transactional.abortTransaction();
        }
    }

    @Test
    void shouldReadTheLastRecordsAndResumeAGroupAfterItsCommit() throws Exception {
        App app = App.create("client-positions");
        Topic<String, Long> counts = app.topic("client-counts", Codec.string(), Codec.int64());
        createTopic(counts.name(), 1);
        try (TopicClient client = TopicClient.connect(app, ClientOptions.defaults().withBroker(kafka.bootstrapServers()))) {
            for (long i = 0; i < 10; i++) {
                client.send(Outgoing.to(counts, "n", i).withTimestamp(Instant.ofEpochMilli(1_000 + i)));
            }
            client.flush();

            try (TopicReader<String, Long> fromEnd = client.read(counts, ReadOptions.fromEnd())) {
                assertTrue(fromEnd.caughtUp(), "from the end there is nothing to catch up on");
                assertTrue(fromEnd.poll(Duration.ofMillis(300)).isEmpty());
            }
            List<Received<String, Long>> last = readAtLeast(client, counts, ReadOptions.lastOf(3), 3);
            assertEquals(List.of(7L, 8L, 9L), last.stream().map(Received::value).toList());
            assertEquals(Instant.ofEpochMilli(1_009), last.get(2).timestamp());

            try (TopicReader<String, Long> first = client.read(counts, ReadOptions.inGroup("client-counter"))) {
                List<Received<String, Long>> batch = new ArrayList<>();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (batch.size() < 10 && System.nanoTime() < deadline) {
                    batch.addAll(first.poll(Duration.ofMillis(200)));
                }
                assertEquals(10, batch.size());
                first.commit();
            }
            client.send(counts, "n", 10L).get(30, TimeUnit.SECONDS);
            List<Received<String, Long>> next = readAtLeast(client, counts, ReadOptions.inGroup("client-counter"), 1);
            assertEquals(List.of(10L), next.stream().map(Received::value).toList(), "after the group's commit only");
            assertThrows(IllegalStateException.class, () -> {
                try (TopicReader<String, Long> plain = client.read(counts, ReadOptions.fromBeginning())) {
                    plain.commit();
                }
            });
        }
    }

    @Test
    void shouldGiveAReaderOfAMissingTopicNoPartitionsAndNotCreateIt() throws Exception {
        App app = App.create("client-missing");
        Topic<String, String> missing = app.topic("client-not-created", Codec.string(), Codec.string());
        try (TopicClient client = TopicClient.connect(app, ClientOptions.defaults().withBroker(kafka.bootstrapServers()));
                TopicReader<String, String> reader = client.read(missing, ReadOptions.fromBeginning())) {
            assertTrue(reader.partitions().isEmpty());
            assertEquals(0, client.partitions(missing));
            IllegalStateException noPartition = assertThrows(IllegalStateException.class,
                    () -> client.partitionOf(missing, "k"));
            assertTrue(noPartition.getMessage().contains("does not exist"), noPartition.getMessage());
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertFalse(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("client-not-created"));
        }
    }

    private static <K, V> List<Received<K, V>> readAtLeast(TopicClient client, Topic<K, V> topic, ReadOptions options,
            int count) {
        List<Received<K, V>> read = new ArrayList<>();
        try (TopicReader<K, V> reader = client.read(topic, options)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (read.size() < count && System.nanoTime() < deadline) {
                read.addAll(reader.poll(Duration.ofMillis(200)));
            }
            read.addAll(reader.poll(Duration.ofMillis(300))); // anything beyond what was expected shows up too
        }
        assertNotNull(read);
        return read;
    }

    private static List<String> values(List<Received<String, String>> records) {
        return records.stream().map(Received::value).toList();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    static {
        // AgentContext is the one place the header's name lives; this IT reads it through Received.requestId()
        assertEquals("requestId", AgentContext.REQUEST_ID_HEADER);
    }
}
