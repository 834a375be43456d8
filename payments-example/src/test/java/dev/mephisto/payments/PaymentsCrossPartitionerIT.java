package dev.mephisto.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.testing.KafkaClusterExtension;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 on a real broker, exactly-once: the same payments delivered again by producers whose
 * partitioners differ from Java's (one that puts every key on the next partition, and kcat with
 * librdkafka's {@code consistent_random}, CRC32, where installed), so copies land on other partitions
 * than the first delivery, also after the worker restarts. Read committed, each payment is processed
 * once and counted once in its balance.
 */
@Timeout(300)
class PaymentsCrossPartitionerIT {

    private static final int PARTITIONS = 3;
    private static final Path KCAT = Path.of("/usr/bin/kcat");

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    Path dir;

    /** Puts each key on the partition after the one Java's default partitioner would choose. */
    public static final class NextPartition implements Partitioner {
        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
            int count = cluster.partitionCountForTopic(topic);
            return (Utils.toPositive(Utils.murmur2(keyBytes)) + 1) % count;
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    @Test
    void shouldProcessAndCountEachPaymentOnceWhateverPartitionerRedeliveredItAlsoAcrossARestart() throws Exception {
        PaymentsSettings settings = PaymentsSettings.defaults().withPartitions(PARTITIONS);
        PaymentsApp payments = PaymentsApp.create(settings);
        Map<String, PaymentReceived> sent = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            String id = "xp-" + i;
            sent.put(id, PaymentReceived.of(id, "xp-acct-" + (i % 4), new BigDecimal(i + 1 + ".25"), "EUR",
                    Instant.now()));
        }
        assertTrue(sent.keySet().stream().anyMatch(id -> crc32Partition(id) != javaPartition(id)),
                "the ids must include some that kcat's partitioner places elsewhere than Java's");

        List<String> timeline = new ArrayList<>();
        try (Worker worker = start(payments, "first")) {
            send(payments, sent, null);
            timeline.add("sent " + sent.size() + " with Java's partitioner");
            send(payments, sent, NextPartition.class);
            timeline.add("sent them again, each on the next partition");
            String viaKcat = kcat(payments, sent);
            timeline.add(viaKcat);
            assertProcessedOnce(payments, sent.keySet());
            assertBalancesCountEachOnce(worker, sent);
            // copies on their id's own partition are deduplicated in place: only the others cross the
            // repartition topic (each NextPartition copy, and kcat's where CRC32 disagrees with murmur2)
            long moved = sent.size() + (viaKcat.startsWith("kcat skipped") ? 0
                    : sent.keySet().stream().filter(id -> crc32Partition(id) != javaPartition(id)).count());
            List<ConsumerRecord<byte[], byte[]>> repartitioned = CommittedRecords.read(kafka.bootstrapServers(),
                    "payments-received-once-repartition", read -> read.size() >= moved, Duration.ofSeconds(3),
                    Duration.ofSeconds(60));
            assertEquals(moved, repartitioned.size(), "only misplaced copies cross the repartition topic");
            timeline.add(moved + " of " + (2 * sent.size() + (viaKcat.startsWith("kcat skipped") ? 0 : sent.size()))
                    + " deliveries crossed the repartition topic");
        }
        PaymentsApp restarted = PaymentsApp.create(settings);
        try (Worker worker = start(restarted, "restarted")) {
            send(restarted, sent, NextPartition.class);
            send(restarted, sent, null);
            timeline.add("after a restart, sent them again with both Java partitioners");
            timeline.add(kcat(restarted, sent));
            Thread.sleep(3_000); // a duplicate would be processed within this, as the first deliveries were
            assertProcessedOnce(restarted, sent.keySet());
            assertBalancesCountEachOnce(worker, sent);
        }
        System.out.println("FIGURES cross-partitioner IT: " + timeline);
    }

    private Worker start(PaymentsApp payments, String name) throws InterruptedException {
        Worker worker = Worker.start(payments.app(), WorkerOptions.defaults().withBroker(kafka.bootstrapServers())
                .withStateDir(dir.resolve("state")).withWebPort(0)
                // keep what crossed the repartition topic readable for the count (no purge after commits)
                .withKafka("repartition.purge.interval.ms", Long.MAX_VALUE));
        worker.awaitRunning(Duration.ofSeconds(120));
        return worker;
    }

    private void send(PaymentsApp payments, Map<String, PaymentReceived> sent,
            Class<? extends Partitioner> partitioner) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        if (partitioner != null) {
            props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, partitioner.getName());
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            sent.forEach((id, payment) -> producer.send(new ProducerRecord<>(payments.received().name(),
                    id.getBytes(StandardCharsets.UTF_8), payments.received().valueCodec().encode(payment))));
            producer.flush();
        }
    }

    /** Sends every payment again with kcat's default partitioner (CRC32), or says why it could not. */
    private String kcat(PaymentsApp payments, Map<String, PaymentReceived> sent) throws Exception {
        if (!Files.isExecutable(KCAT)) {
            return "kcat skipped: " + KCAT + " is not installed";
        }
        Path lines = dir.resolve("kcat-" + System.nanoTime() + ".txt");
        StringBuilder text = new StringBuilder();
        sent.forEach((id, payment) -> text.append(id).append('|')
                .append(new String(payments.received().valueCodec().encode(payment), StandardCharsets.UTF_8))
                .append('\n'));
        Files.writeString(lines, text);
        Process kcat = new ProcessBuilder(KCAT.toString(), "-P", "-b", kafka.bootstrapServers(), "-t",
                payments.received().name(), "-K", "|", "-X", "partitioner=consistent_random", "-l", lines.toString())
                .redirectErrorStream(true).start();
        if (!kcat.waitFor(60, TimeUnit.SECONDS)) {
            kcat.destroyForcibly();
            throw new AssertionError("kcat did not finish within 60 s");
        }
        String output = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, kcat.exitValue(), "kcat failed: " + output);
        return "sent them again with kcat (consistent_random)";
    }

    private void assertProcessedOnce(PaymentsApp payments, Set<String> ids) {
        List<ConsumerRecord<byte[], byte[]>> records = CommittedRecords.read(kafka.bootstrapServers(),
                payments.processed().name(), read -> new HashSet<>(read.stream().map(CommittedRecords.key()).toList())
                        .containsAll(ids), Duration.ofSeconds(3), Duration.ofSeconds(120));
        Map<String, Long> perId = records.stream().collect(Collectors.groupingBy(CommittedRecords.key(), TreeMap::new,
                Collectors.counting()));
        Map<String, Long> expected = ids.stream().collect(Collectors.toMap(id -> id, id -> 1L, (a, b) -> a,
                TreeMap::new));
        assertEquals(expected, perId, "each payment processed exactly once, read committed");
    }

    private void assertBalancesCountEachOnce(Worker worker, Map<String, PaymentReceived> sent)
            throws IOException, InterruptedException {
        Map<String, Balance> expected = new TreeMap<>();
        sent.values().forEach(payment -> expected.merge(payment.accountId(),
                Balance.empty(payment.accountId()).plus(payment.currency(), payment.amount()),
                (old, one) -> old.plus(payment.currency(), payment.amount())));
        BalanceCheck check = new BalanceCheck("localhost:" + worker.webPort());
        List<String> differences = check.differences(expected);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!differences.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            differences = check.differences(expected);
        }
        assertEquals(List.of(), differences, "each payment counted once in its balance");
    }

    private static int javaPartition(String id) {
        return Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** librdkafka's consistent_random for a non-empty key: CRC32 of the key, modulo the partitions. */
    private static int crc32Partition(String id) {
        CRC32 crc = new CRC32();
        crc.update(id.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % PARTITIONS);
    }
}
