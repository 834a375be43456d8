package dev.mephisto.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mephisto.Worker;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Valid payments a failover test sends at a steady rate (about 100 a second, one in twenty delivered a second
 * time), and the read-committed checks a downstream system would make afterwards: each payment processed exactly
 * once, none dead-lettered, every balance exact to the minor unit. Failures name the payment ids.
 */
final class SentPayments implements AutoCloseable {

    private static final int MAX_IDS_SHOWN = 40;

    private final PaymentsApp payments;
    private final String bootstrap;
    private final String prefix;
    private final Map<String, PaymentReceived> valid = new LinkedHashMap<>();
    private final AtomicBoolean producing = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private int redelivered;
    private Thread producer;

    SentPayments(PaymentsApp payments, String bootstrap, String prefix) {
        this.payments = payments;
        this.bootstrap = bootstrap;
        this.prefix = prefix;
    }

    /**
     * Makes every topic created from now on without its own setting need two in-sync replicas for an
     * {@code acks=all} write (a cluster-wide dynamic default, as an operator would set it for replication 3).
     */
    static void requireTwoInSyncReplicas(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.BROKER, ""), List.of(
                    new AlterConfigOp(new ConfigEntry("min.insync.replicas", "2"), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Fails unless every topic of the app (its own, its internal ones, the dead-letter topic) and Kafka's
     * transaction and offsets topics have three replicas and {@code min.insync.replicas=2}; returns how many topics.
     */
    static int assertReplicatedThreeTimesWithTwoInSync(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                    .get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith(PaymentsApp.NAME) || name.startsWith("incoming_payment")
                            || name.equals("__transaction_state") || name.equals("__consumer_offsets"))
                    .collect(Collectors.toCollection(TreeSet::new));
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            List<ConfigResource> resources = names.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            List<String> wrong = new ArrayList<>();
            for (String name : names) {
                int replicas = topics.get(name).partitions().get(0).replicas().size();
                String minIsr = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                        .get("min.insync.replicas").value();
                if (replicas != 3 || !"2".equals(minIsr)) {
                    wrong.add(name + " (replicas " + replicas + ", min.insync.replicas " + minIsr + ")");
                }
            }
            assertEquals(List.of(), wrong, "every topic must be replicated 3 times with min.insync.replicas=2; "
                    + "checked " + names);
            if (names.stream().noneMatch(name -> name.endsWith("-changelog"))
                    || names.stream().noneMatch(name -> name.endsWith("-repartition"))) {
                fail("the app's changelog and repartition topics were not there to check: " + names);
            }
            return names.size();
        }
    }

    /** Starts sending on a thread of its own. */
    SentPayments start() {
        producing.set(true);
        producer = new Thread(this::produce, "payments-it-producer-" + prefix);
        producer.start();
        return this;
    }

    /** Stops sending and returns once everything sent is acknowledged; fails if the producer did. */
    void stop() throws InterruptedException {
        producing.set(false);
        producer.join(60_000);
        if (producer.isAlive()) {
            fail("the test's producer did not finish within 60 s");
        }
        if (failure.get() != null) {
            throw new AssertionError("the test's producer failed: " + failure.get(), failure.get());
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (producer != null && producer.isAlive()) {
            producing.set(false);
            producer.join(60_000);
        }
    }

    /** The ids of the valid payments sent (and acknowledged by the brokers) so far. */
    synchronized Set<String> ids() {
        return new TreeSet<>(valid.keySet());
    }

    synchronized int redelivered() {
        return redelivered;
    }

    /**
     * Reads {@code incoming_payment_processed} read-committed until every one of {@code ids} is there, or fails
     * after {@code timeout} naming the ones still missing.
     */
    void awaitProcessed(Set<String> ids, Duration timeout, String when) {
        List<ConsumerRecord<byte[], byte[]>> records = CommittedRecords.read(bootstrap, payments.processed().name(),
                read -> keys(read).containsAll(ids), Duration.ZERO, timeout);
        Set<String> missing = minus(ids, keys(records));
        if (!missing.isEmpty()) {
            fail(when + ": " + missing.size() + " of " + ids.size() + " payments sent were not processed (read "
                    + "committed) within " + timeout.toSeconds() + " s: " + shown(missing));
        }
    }

    /**
     * Fails unless {@code incoming_payment_processed}, read committed, holds every valid payment sent exactly once
     * and nothing else, and the dead-letter topic holds none of them.
     */
    /**
     * The verdict every fault IT shares, once the fault is over: keep sending 3 s more, stop, then
     * each valid payment processed exactly once (read committed), balances exact, and {@code worker}
     * never failed, never left RUNNING (or REBALANCING), and ready at the end.
     */
    void stopAndAssertExactlyOnce(Worker worker, WorkerStates states, List<String> timeline)
            throws Exception {
        Thread.sleep(3_000);
        stop();
        timeline.add("stopped sending: " + ids().size() + " valid payments, " + redelivered() + " redelivered");
        assertEachProcessedExactlyOnce();
        assertBalancesExact("localhost:" + worker.webPort());
        assertNull(worker.failure(), "the worker must not have failed");
        assertFalse(states.leftRunning(),
                "the worker must stay RUNNING (or REBALANCING) throughout; seen: " + states.changes());
        worker.awaitRunning(Duration.ofSeconds(30));
        assertEquals(200, WorkerStates.readiness(worker), "the worker must say it is ready");
    }

    void assertEachProcessedExactlyOnce() {
        Set<String> sent = ids();
        List<ConsumerRecord<byte[], byte[]>> records = CommittedRecords.read(bootstrap, payments.processed().name(),
                read -> keys(read).containsAll(sent), Duration.ofSeconds(2), Duration.ofSeconds(90));
        Map<String, Long> perId = records.stream().collect(Collectors.groupingBy(CommittedRecords.key(),
                TreeMap::new, Collectors.counting()));
        Set<String> lost = minus(sent, perId.keySet());
        Set<String> unexpected = minus(perId.keySet(), sent);
        Map<String, Long> duplicated = new TreeMap<>(perId);
        duplicated.values().removeIf(count -> count == 1);
        List<String> problems = new ArrayList<>();
        if (!lost.isEmpty()) {
            problems.add(lost.size() + " lost (sent, never processed): " + shown(lost));
        }
        if (!duplicated.isEmpty()) {
            problems.add(duplicated.size() + " duplicated (id=times processed): " + duplicated.entrySet().stream()
                    .limit(MAX_IDS_SHOWN).map(Object::toString).toList() + (duplicated.size() > MAX_IDS_SHOWN ? "..." : ""));
        }
        if (!unexpected.isEmpty()) {
            problems.add(unexpected.size() + " processed but never sent as valid: " + shown(unexpected));
        }
        List<ConsumerRecord<byte[], byte[]>> deadLetters = CommittedRecords.read(bootstrap,
                payments.app().deadLetterTopic(), read -> false, Duration.ZERO, Duration.ofSeconds(3));
        // a valid payment may be late for reconciling (a 'late' dead letter), and is still processed and counted
        Set<String> deadLettered = new TreeSet<>(keys(deadLetters.stream().filter(letter -> !CommittedRecords.late(letter))
                .toList()));
        deadLettered.retainAll(sent);
        if (!deadLettered.isEmpty()) {
            problems.add(deadLettered.size() + " valid payments dead-lettered: " + shown(deadLettered));
        }
        if (!problems.isEmpty()) {
            fail("read committed, of " + sent.size() + " valid payments sent (" + redelivered() + " more "
                    + "redelivered), " + perId.size() + " were processed: " + String.join("; ", problems));
        }
    }

    /**
     * Fails unless the worker at {@code webAddress} ({@code host:port}) has, for every account, the count and
     * exact sum per currency of the distinct valid payments sent; waits up to 60 s for the balances to catch up.
     */
    void assertBalancesExact(String webAddress) throws Exception {
        Map<String, Balance> expected = new TreeMap<>();
        synchronized (this) {
            for (PaymentReceived payment : valid.values()) {
                expected.merge(payment.accountId(), Balance.empty(payment.accountId()).plus(payment.currency(),
                        payment.amount()), (old, one) -> old.plus(payment.currency(), payment.amount()));
            }
        }
        BalanceCheck check = new BalanceCheck(webAddress);
        List<String> differences = check.differences(expected);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!differences.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500); // balances trail the processed topic by one repartition hop
            differences = check.differences(expected);
        }
        assertEquals(List.of(), differences, "balances must equal the distinct valid payments to the minor unit");
    }

    private void produce() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        Random random = new Random(prefix.hashCode());
        List<String> currencies = List.of("EUR", "USD", "JPY", "BHD");
        List<PaymentReceived> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            int n = 0;
            List<PaymentReceived> batch = new ArrayList<>();
            int batchRedelivered = 0;
            while (producing.get()) {
                n++;
                PaymentReceived payment;
                if (random.nextInt(20) == 0 && !sent.isEmpty()) {
                    payment = sent.get(random.nextInt(sent.size())); // the same payment delivered again
                    batchRedelivered++;
                } else {
                    String currency = currencies.get(random.nextInt(currencies.size()));
                    // below 40000 minor units, so no payment is held for review (50000 JPY would be)
                    payment = PaymentReceived.of(prefix + "-p" + n, prefix + "-acct-" + random.nextInt(10),
                            BigDecimal.valueOf(1 + random.nextInt(40_000),
                                    Currency.getInstance(currency).getDefaultFractionDigits()), currency, Instant.now());
                    if (payments.settings().rules().attribute(payment).holds()) {
                        throw new IllegalStateException("the test meant to send only payments processed "
                                + "automatically, but the rules hold " + payment);
                    }
                    sent.add(payment);
                    batch.add(payment);
                }
                producer.send(new ProducerRecord<>(payments.received().name(),
                        payment.paymentId().getBytes(StandardCharsets.UTF_8),
                        payments.received().valueCodec().encode(payment)));
                if (n % 10 == 0) {
                    producer.flush(); // acknowledged: only now does a payment count as sent
                    record(batch, batchRedelivered);
                    batch.clear();
                    batchRedelivered = 0;
                    Thread.sleep(100);
                }
            }
            producer.flush();
            record(batch, batchRedelivered);
        } catch (Throwable e) {
            failure.set(e);
        }
    }

    private synchronized void record(List<PaymentReceived> batch, int batchRedelivered) {
        batch.forEach(payment -> valid.put(payment.paymentId(), payment));
        redelivered += batchRedelivered;
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static Set<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(CommittedRecords.key()).collect(Collectors.toSet());
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> rest = new TreeSet<>(a);
        rest.removeAll(b);
        return rest;
    }

    private static String shown(Set<String> ids) {
        return ids.stream().sorted().limit(MAX_IDS_SHOWN).toList() + (ids.size() > MAX_IDS_SHOWN ? "..." : "");
    }
}
