package dev.mephisto.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.DeadLetter;
import dev.mephisto.testing.KafkaClusterExtension;
import dev.mephisto.testing.WorkerProcess;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, items 1 and 7, on a real broker: the payments fat jar runs exactly-once as a worker
 * process with a 512 MB heap (the huge-exponent amounts used to run it out of memory, or write a 1 GB
 * dead letter, and exit on every restart) while the crafted payments arrive between good ones. The
 * worker stays RUNNING and ready, each crafted payment is one decode dead letter with its reason and
 * coordinates, the good ones are processed once and the balance is exact.
 */
@Timeout(300)
class PaymentsHostileInputIT {

    private static final Path JAR = Path.of("target", "mephisto-payments.jar");
    private static final Duration STARTUP = Duration.ofSeconds(120);

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    Path dir;

    private final PaymentsApp payments = PaymentsApp.create(PaymentsSettings.defaults());

    @Test
    void shouldDeadLetterCraftedPaymentsAndKeepProcessingTheGoodOnesOnce() throws Exception {
        Map<String, String> env = Map.of("PAYMENTS_PARTITIONS", "3", "PAYMENTS_REPLICATION", "1");
        WorkerProcess worker = WorkerProcess.ofJar(JAR, dir, env, "worker", "--broker", kafka.bootstrapServers(),
                "--state-dir", dir.resolve("state").toString(), "--web-port", "0").awaitRunning(STARTUP);
        try {
            List<String> order = List.of("g-1", "g-2", "x1", "g-3", "x2", "x3", "g-4", "x4", "g-5", "g-6");
            Map<String, RecordMetadata> written = produce(order);
            List<String> good = order.stream().filter(id -> id.startsWith("g")).toList();

            List<ConsumerRecord<byte[], byte[]>> processed = CommittedRecords.read(kafka.bootstrapServers(),
                    payments.processed().name(), read -> keys(read).size() >= good.size(), Duration.ofSeconds(2),
                    Duration.ofSeconds(120));
            Map<String, Long> perId = processed.stream().collect(Collectors.groupingBy(CommittedRecords.key(),
                    TreeMap::new, Collectors.counting()));
            assertEquals(good.stream().collect(Collectors.toMap(id -> id, id -> 1L, (a, b) -> a, TreeMap::new)),
                    perId, "the good payments, each processed once, and nothing of the crafted ones");

            List<ConsumerRecord<byte[], byte[]>> letters = CommittedRecords.read(kafka.bootstrapServers(),
                    payments.app().deadLetterTopic(), read -> keys(read).containsAll(HostileInputTest.CRAFTED.keySet()),
                    Duration.ofSeconds(1), Duration.ofSeconds(60));
            assertEquals(HostileInputTest.CRAFTED.keySet().stream().sorted().toList(),
                    letters.stream().map(CommittedRecords.key()).sorted().toList(), "one dead letter per crafted payment");
            for (ConsumerRecord<byte[], byte[]> record : letters) {
                String id = CommittedRecords.key().apply(record);
                DeadLetter letter = DeadLetter.of(record.key(), record.value(), headers(record));
                assertEquals(DeadLetter.Kind.DECODE, letter.kind(), letter.toString());
                assertTrue(letter.message().contains(HostileInputTest.REASONS.get(id)), letter.message());
                assertEquals(payments.received().name(), letter.topic());
                assertEquals(written.get(id).partition(), letter.partition(), "coordinates of " + id);
                assertEquals(written.get(id).offset(), letter.offset(), "coordinates of " + id);
                assertEquals(HostileInputTest.CRAFTED.get(id), letter.valueText(), "the original record");
                assertTrue(record.serializedValueSize() < 1_000, "a small dead letter: " + record.serializedValueSize());
            }

            assertEquals(List.of(), new BalanceCheck("localhost:" + worker.webPort())
                    .differences(Map.of("a", expectedBalance(good.size()))), "the balance counts the good payments");
            assertTrue(worker.isAlive(), "the worker must still run");
            assertEquals(200, status(worker.webPort(), "/health/ready"), "the worker must still be ready");
            assertFalse(worker.output().contains("OutOfMemoryError"), "no OutOfMemoryError");
            assertFalse(worker.output().contains("RecordTooLargeException"), "no RecordTooLargeException");
        } finally {
            System.out.printf("FIGURES hostile input IT: worker exit %d%n", worker.stop());
        }
    }

    private Map<String, RecordMetadata> produce(List<String> order) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        Map<String, RecordMetadata> written = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (String id : order) {
                byte[] value = id.startsWith("x") ? HostileInputTest.CRAFTED.get(id).getBytes(StandardCharsets.UTF_8)
                        : payments.received().valueCodec().encode(PaymentReceived.of(id, "a", new BigDecimal("10.25"),
                                "EUR", Instant.now()));
                written.put(id, producer.send(new ProducerRecord<>(payments.received().name(),
                        id.getBytes(StandardCharsets.UTF_8), value)).get());
            }
        }
        return written;
    }

    private static Balance expectedBalance(int payments) {
        Balance balance = Balance.empty("a");
        for (int i = 0; i < payments; i++) {
            balance = balance.plus("EUR", new BigDecimal("10.25"));
        }
        return balance;
    }

    private static int status(int port, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        record.headers().forEach(header -> headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8)));
        return headers;
    }

    private static List<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
        return new ArrayList<>(records.stream().map(CommittedRecords.key()).collect(Collectors.toSet()));
    }
}
