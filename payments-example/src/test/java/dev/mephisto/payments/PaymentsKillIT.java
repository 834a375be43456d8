package dev.mephisto.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.DeadLetter;
import dev.mephisto.testing.KafkaClusterExtension;
import dev.mephisto.testing.WorkerProcess;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once on a real three-broker cluster: the payments fat jar runs as a worker process that is
 * killed with SIGKILL mid-stream and restarted, three times, while payments keep arriving. Read
 * committed, every valid payment is processed exactly once, balances equal the sum of distinct
 * valid payments to the minor unit, and every invalid or undecodable one is a dead letter.
 */
@Timeout(300)
class PaymentsKillIT {

    /** Where {@code mvn package} puts the fat jar; failsafe runs after it. */
    private static final Path JAR = Path.of("target", "mephisto-payments.jar");

    private static final int KILLS = 3;
    private static final Duration RUN_BETWEEN_KILLS = Duration.ofSeconds(3);
    private static final Duration STARTUP = Duration.ofSeconds(120);

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(3);

    @TempDir
    Path dir;

    private final PaymentsApp payments = PaymentsApp.create(PaymentsSettings.defaults().withReplication(3));
    private final Map<String, PaymentReceived> valid = new ConcurrentHashMap<>();
    private final Set<String> invalid = ConcurrentHashMap.newKeySet();
    private final Set<String> undecodable = ConcurrentHashMap.newKeySet();

    @Test
    void shouldProcessEveryValidPaymentExactlyOnceWhenTheWorkerIsKilledThreeTimesMidStream() throws Exception {
        Path config = dir.resolve("worker.properties");
        // a killed member is noticed after 6 s instead of 45 s, so each restart rebalances quickly
        Files.writeString(config, "session.timeout.ms=6000\nheartbeat.interval.ms=1500\n");
        Map<String, String> env = Map.of("PAYMENTS_REPLICATION", "3", "PAYMENTS_PARTITIONS", "3");
        String[] args = {"worker", "--broker", kafka.bootstrapServers(), "--state-dir", dir.resolve("state").toString(),
                "--web-port", "0", "--config", config.toString()};

        WorkerProcess worker = WorkerProcess.ofJar(JAR, dir, env, args).awaitRunning(STARTUP);
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        Thread producer = new Thread(() -> produce(producing, producerFailure), "payments-it-producer");
        producer.start();
        List<String> timeline = new ArrayList<>();
        try {
            for (int kill = 1; kill <= KILLS; kill++) {
                Thread.sleep(RUN_BETWEEN_KILLS.toMillis());
                int sentBefore = valid.size();
                worker.kill();
                timeline.add("kill " + kill + " after " + sentBefore + " valid payments sent");
                long restarting = System.nanoTime();
                worker = WorkerProcess.ofJar(JAR, dir, env, args).awaitRunning(STARTUP);
                timeline.add("restart " + kill + " RUNNING after " + (System.nanoTime() - restarting) / 1_000_000 + " ms");
            }
            Thread.sleep(RUN_BETWEEN_KILLS.toMillis());
        } finally {
            producing.set(false);
            producer.join(30_000);
        }
        assertEquals(null, producerFailure.get(), "the test's producer failed");
        System.out.printf("FIGURES kill IT: %s; sent %d valid, %d invalid, %d undecodable%n", timeline, valid.size(),
                invalid.size(), undecodable.size());

        try {
            assertEveryValidPaymentProcessedExactlyOnce();
            assertEveryBadPaymentIsADeadLetter();
            moveStreamTimePastEveryWindow();
            assertEveryValidPaymentReconciledOverdueOrLateExactlyOnce();
            assertBalancesEqualTheDistinctValidPayments(worker.webPort());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nlast worker's warnings and errors:\n"
                    + worker.output().lines().filter(line -> line.contains("WARN") || line.contains("ERROR"))
                            .limit(60).collect(Collectors.joining("\n")), e);
        } finally {
            worker.stop();
        }
    }

    /** Where the missing ones are: written but not committed, or never written; per partition. */
    private void diagnose(Set<String> missing) {
        List<ConsumerRecord<byte[], byte[]>> uncommitted = CommittedRecords.read(kafka.bootstrapServers(),
                payments.processed().name(), read -> false, Duration.ZERO, Duration.ofSeconds(5), false);
        Map<Integer, Long> missingByPartition = new TreeMap<>();
        Set<String> written = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : uncommitted) {
            String id = CommittedRecords.key().apply(record);
            if (missing.contains(id) && written.add(id)) {
                missingByPartition.merge(record.partition(), 1L, Long::sum);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> committedReconciled = CommittedRecords.read(kafka.bootstrapServers(),
                payments.reconciled().name(), read -> false, Duration.ZERO, Duration.ofSeconds(3));
        long reconciledMissing = committedReconciled.stream().map(CommittedRecords.key()).filter(missing::contains)
                .count();
        System.out.printf("DIAGNOSIS missing %d: %d written read_uncommitted (by partition %s), %d of them reconciled"
                + " read_committed; uncommitted records %d%n", missing.size(), written.size(), missingByPartition,
                reconciledMissing, uncommitted.size());
    }

    /** A set for a message: its size and a few members. */
    private static String sample(Set<String> ids) {
        return ids.size() + " " + ids.stream().sorted().limit(8).toList() + (ids.size() > 8 ? "..." : "");
    }

    private static <T> Set<T> minus(Set<T> a, Set<T> b) {
        Set<T> rest = new HashSet<>(a);
        rest.removeAll(b);
        return rest;
    }

    private void assertEveryValidPaymentProcessedExactlyOnce() {
        List<ConsumerRecord<byte[], byte[]>> records = CommittedRecords.read(kafka.bootstrapServers(),
                payments.processed().name(), read -> distinctKeys(read).size() >= valid.size(), Duration.ofSeconds(2),
                Duration.ofSeconds(150));
        Map<String, Long> perId = records.stream().collect(Collectors.groupingBy(CommittedRecords.key(),
                Collectors.counting()));
        Set<String> missing = minus(valid.keySet(), perId.keySet());
        Set<String> unexpected = minus(perId.keySet(), valid.keySet());
        if (!missing.isEmpty()) {
            diagnose(missing);
        }
        assertTrue(missing.isEmpty() && unexpected.isEmpty(), "exactly the valid payments must be processed: of "
                + valid.size() + ", " + perId.size() + " were; missing " + sample(missing) + ", unexpected "
                + sample(unexpected));
        Map<String, Long> twice = new TreeMap<>(perId);
        twice.values().removeIf(count -> count == 1);
        assertTrue(twice.isEmpty(), "payments processed more than once: " + sample(twice.keySet()));
    }

    private void assertEveryBadPaymentIsADeadLetter() {
        Set<String> bad = new HashSet<>(invalid);
        bad.addAll(undecodable);
        List<ConsumerRecord<byte[], byte[]>> records = CommittedRecords.read(kafka.bootstrapServers(),
                payments.app().deadLetterTopic(), read -> distinctKeys(read).containsAll(bad), Duration.ofSeconds(1),
                Duration.ofSeconds(60));
        Map<String, List<DeadLetter.Kind>> kinds = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (CommittedRecords.late(record)) {
                continue; // a valid payment late for reconciling: counted by the reconcile check
            }
            DeadLetter.Kind kind = DeadLetter.Kind.fromHeader(
                    new String(record.headers().lastHeader(DeadLetter.HEADER_KIND).value(), StandardCharsets.UTF_8));
            kinds.computeIfAbsent(CommittedRecords.key().apply(record), id -> new ArrayList<>()).add(kind);
        }
        assertTrue(kinds.keySet().containsAll(bad), "every bad payment must be a dead letter; missing "
                + sample(minus(bad, kinds.keySet())));
        for (String id : invalid) {
            assertEquals(List.of(DeadLetter.Kind.REJECTED), kinds.get(id), "dead letters of invalid payment " + id);
        }
        for (String id : undecodable) {
            assertEquals(List.of(DeadLetter.Kind.DECODE), kinds.get(id), "dead letters of undecodable record " + id);
        }
        assertTrue(bad.containsAll(kinds.keySet()), "only bad payments are dead letters; also "
                + sample(minus(kinds.keySet(), bad)));
    }

    /**
     * Stream time moves only with records: once the producer stops, a payment whose window is still open
     * in stream time is neither reconciled nor overdue yet. Held payments received two minutes ahead, one
     * per partition, move every partition's stream time past every window (held: never processed, never
     * counted in a balance, and themselves the newest, so never overdue here).
     */
    private void moveStreamTimePastEveryWindow() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        Set<Integer> partitions = new HashSet<>();
        Instant ahead = Instant.now().plus(Duration.ofMinutes(2));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int n = 0; partitions.size() < 3 && n < 1000; n++) {
                String id = "it-clock-" + n;
                byte[] key = id.getBytes(StandardCharsets.UTF_8);
                // the dedupe re-keys by paymentId with Java's partitioner: one tick per partition of it
                if (partitions.add(org.apache.kafka.common.utils.Utils.toPositive(
                        org.apache.kafka.common.utils.Utils.murmur2(key)) % 3)) {
                    PaymentReceived held = PaymentReceived.of(id, "it-clock", new BigDecimal("75000.00"), "EUR", ahead);
                    producer.send(new ProducerRecord<>(payments.received().name(), key,
                            payments.received().valueCodec().encode(held)));
                }
            }
            producer.flush();
        }
    }

    private void assertEveryValidPaymentReconciledOverdueOrLateExactlyOnce() {
        List<String> all = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<ConsumerRecord<byte[], byte[]>> reconciled;
        List<ConsumerRecord<byte[], byte[]>> overdue;
        List<ConsumerRecord<byte[], byte[]>> late;
        do {
            reconciled = CommittedRecords.read(kafka.bootstrapServers(), payments.reconciled().name(), read -> false,
                    Duration.ZERO, Duration.ofSeconds(3));
            overdue = CommittedRecords.read(kafka.bootstrapServers(), payments.overdue().name(), read -> false,
                    Duration.ZERO, Duration.ofSeconds(3));
            // late on the received side: the repartition of the dedupe is the join's left
            late = CommittedRecords.read(kafka.bootstrapServers(), payments.app().deadLetterTopic(), read -> false,
                    Duration.ZERO, Duration.ofSeconds(3)).stream().filter(CommittedRecords::late)
                    .filter(letter -> new String(letter.headers().lastHeader(DeadLetter.HEADER_TOPIC).value(),
                            StandardCharsets.UTF_8).endsWith("received-once-repartition"))
                    .filter(letter -> valid.containsKey(CommittedRecords.key().apply(letter))).toList();
            all.clear();
            reconciled.forEach(record -> all.add(CommittedRecords.key().apply(record)));
            overdue.forEach(record -> all.add(CommittedRecords.key().apply(record)));
            late.forEach(record -> all.add(CommittedRecords.key().apply(record)));
        } while (!new HashSet<>(all).containsAll(valid.keySet()) && System.nanoTime() < deadline);
        Set<String> settled = new HashSet<>(all);
        assertTrue(settled.equals(valid.keySet()), "every valid payment must be reconciled, overdue or late; missing "
                + sample(minus(valid.keySet(), settled)) + ", unexpected " + sample(minus(settled, valid.keySet())));
        assertEquals(valid.size(), all.size(), "and only one of the three, once");
        System.out.printf("FIGURES kill IT: reconciled %d, overdue %d, late %d (processed later than the window after a"
                + " kill)%n", reconciled.size(), overdue.size(), late.size());
    }

    private void assertBalancesEqualTheDistinctValidPayments(int webPort) throws Exception {
        Map<String, Balance> expected = new TreeMap<>();
        for (PaymentReceived payment : valid.values()) {
            expected.merge(payment.accountId(), Balance.empty(payment.accountId()).plus(payment.currency(),
                    payment.amount()), (old, one) -> old.plus(payment.currency(), payment.amount()));
        }
        BalanceCheck check = new BalanceCheck("localhost:" + webPort);
        List<String> differences = check.differences(expected);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!differences.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500); // balances trail processed by one repartition hop
            differences = check.differences(expected);
        }
        assertEquals(List.of(), differences, "balances must equal the distinct valid payments to the minor unit");
    }

    /** Payments keep coming: mostly valid, some invalid, some not JSON at all, some delivered twice. */
    private void produce(AtomicBoolean producing, AtomicReference<Throwable> failure) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        Random random = new Random(6);
        List<String> currencies = List.of("EUR", "USD", "JPY", "BHD");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            int n = 0;
            List<PaymentReceived> sent = new ArrayList<>();
            while (producing.get()) {
                n++;
                String id = "it-p" + n;
                String currency = currencies.get(random.nextInt(currencies.size()));
                int digits = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
                // below 40000 minor units, so no payment is held for review (50000 JPY would be)
                PaymentReceived payment = PaymentReceived.of(id, "it-acct-" + random.nextInt(10),
                        BigDecimal.valueOf(1 + random.nextInt(40_000), digits), currency, Instant.now());
                if (payments.settings().rules().attribute(payment).holds()) {
                    throw new IllegalStateException("the test meant to send only payments processed automatically, but"
                            + " the rules hold " + payment);
                }
                int dice = random.nextInt(100);
                byte[] value;
                if (dice < 5) {
                    payment = payment.withAmount(payment.amount().negate());
                    invalid.add(id);
                    value = payments.received().valueCodec().encode(payment);
                } else if (dice < 7) {
                    undecodable.add(id);
                    value = ("{\"paymentId\": \"" + id + "\", \"amount\": ").getBytes(StandardCharsets.UTF_8);
                } else if (dice < 12 && !sent.isEmpty()) {
                    payment = sent.get(random.nextInt(sent.size()));
                    id = payment.paymentId();
                    value = payments.received().valueCodec().encode(payment);
                } else {
                    sent.add(payment);
                    value = payments.received().valueCodec().encode(payment);
                    valid.put(id, payment);
                }
                producer.send(new ProducerRecord<>(payments.received().name(), id.getBytes(StandardCharsets.UTF_8),
                        value));
                if (n % 10 == 0) {
                    producer.flush();
                    Thread.sleep(100); // about 100 payments a second
                }
            }
            producer.flush();
        } catch (Throwable e) {
            failure.set(e);
        }
    }

    private static Set<String> distinctKeys(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(CommittedRecords.key()).collect(Collectors.toSet());
    }
}
