package dev.mephisto.payments;

import static org.junit.jupiter.api.Assertions.fail;

import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.testing.KafkaClusterExtension;
import dev.mephisto.testing.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two exactly-once payments workers share the partitions on three brokers (replication 3,
 * {@code min.insync.replicas=2}); one, a separate process, is killed with SIGKILL mid-stream: no commit, no leaving
 * the group. Once its session times out (6 s here) the survivor takes over every partition, and read committed,
 * each valid payment is processed exactly once, and balances are exact.
 */
@Timeout(240)
class PaymentsWorkerKillIT {

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(3);

    @TempDir
    Path dir;

    private final PaymentsApp payments = PaymentsApp.create(PaymentsSettings.defaults().withReplication(3)
            .withPartitions(3));

    @Test
    void shouldHandTheKilledWorkersPartitionsToTheSurvivorAndProcessEveryPaymentExactlyOnce() throws Exception {
        SentPayments.requireTwoInSyncReplicas(kafka.bootstrapServers());
        List<String> timeline = new ArrayList<>();
        long began = System.nanoTime();
        WorkerProcess killed = null;
        try (Worker survivor = Worker.start(payments.app(), WorkerOptions.defaults()
                .withBroker(kafka.bootstrapServers()).withStateDir(dir.resolve("survivor")).withWebPort(0)
                .withKafka("session.timeout.ms", (int) SESSION_TIMEOUT.toMillis())
                .withKafka("heartbeat.interval.ms", 1500));
                WorkerStates states = new WorkerStates(survivor);
                SentPayments sent = new SentPayments(payments, kafka.bootstrapServers(), "kill");
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers()))) {
            survivor.awaitRunning(Duration.ofSeconds(90));
            Path config = dir.resolve("worker.properties");
            Files.writeString(config, "session.timeout.ms=" + SESSION_TIMEOUT.toMillis() + "\nheartbeat.interval.ms=1500\n");
            killed = WorkerProcess.ofMain(PaymentsMain.class, dir, Map.of("PAYMENTS_REPLICATION", "3",
                    "PAYMENTS_PARTITIONS", "3"), "worker", "--broker", kafka.bootstrapServers(), "--state-dir",
                    dir.resolve("killed").toString(), "--web-port", "0", "--config", config.toString())
                    .awaitRunning(Duration.ofSeconds(120));
            timeline.add("both workers RUNNING at " + ms(began) + " ms");
            SentPayments.assertReplicatedThreeTimesWithTwoInSync(kafka.bootstrapServers());

            sent.start();
            Set<String> survivorClients = consumerClientIds(survivor);
            ConsumerGroupDescription shared = awaitGroup(admin, "both workers holding partitions",
                    group -> group.members().size() == 2
                            && group.members().stream().allMatch(member -> !partitions(member).isEmpty()));
            Set<String> all = shared.members().stream().flatMap(member -> partitions(member).stream())
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> killedHeld = shared.members().stream()
                    .filter(member -> !survivorClients.contains(member.clientId()))
                    .flatMap(member -> partitions(member).stream()).collect(Collectors.toCollection(TreeSet::new));
            timeline.add("group stable at " + ms(began) + " ms; the worker to kill holds " + killedHeld);
            if (killedHeld.isEmpty()) {
                fail("the worker to kill holds no partition; group members " + shared.members());
            }

            long committedBefore = awaitCommitted(admin, killedHeld);
            Thread.sleep(2_000);
            int sentBefore = sent.ids().size();
            killed.kill();
            long killedAt = System.nanoTime();
            timeline.add("SIGKILL after " + sentBefore + " payments sent, 2 s after the killed worker's committed input "
                    + "offsets reached " + committedBefore);
            awaitGroup(admin, "the survivor holding every partition", group -> group.members().size() == 1
                    && survivorClients.contains(group.members().iterator().next().clientId())
                    && partitions(group.members().iterator().next()).containsAll(all));
            timeline.add("survivor holds all " + all.size() + " partitions " + ms(killedAt) + " ms after the kill");

            Set<String> sentAfterTakeover = sent.ids();
            long catchingUp = System.nanoTime();
            sent.awaitProcessed(sentAfterTakeover, Duration.ofSeconds(60), "after the takeover");
            timeline.add("all " + sentAfterTakeover.size() + " payments sent so far processed, read committed, "
                    + ms(catchingUp) + " ms after asking (" + ms(killedAt) + " ms after the kill)");
            sent.stopAndAssertExactlyOnce(survivor, states, timeline);
            timeline.add("survivor states " + states.changes() + "; test " + ms(began) + " ms");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + (killed == null ? "" : "\nkilled worker's warnings and errors:\n"
                    + killed.output().lines().filter(line -> line.contains("WARN") || line.contains("ERROR"))
                    .limit(40).collect(Collectors.joining("\n"))), e);
        } finally {
            if (killed != null && killed.isAlive()) {
                killed.kill();
            }
            System.out.println("FIGURES worker kill IT: " + String.join("; ", timeline));
        }
    }

    /** The consumer client ids of the in-process worker's stream threads, to tell its group members apart. */
    private static Set<String> consumerClientIds(Worker worker) {
        return worker.kafkaStreams().metadataForLocalThreads().stream().map(ThreadMetadata::consumerClientId)
                .collect(Collectors.toSet());
    }

    private static ConsumerGroupDescription awaitGroup(Admin admin, String what,
            Predicate<ConsumerGroupDescription> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        ConsumerGroupDescription last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = admin.describeConsumerGroups(List.of(PaymentsApp.NAME)).describedGroups().get(PaymentsApp.NAME)
                        .get(10, TimeUnit.SECONDS);
                if (last.groupState() == GroupState.STABLE && done.test(last)) {
                    return last;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                // the coordinator may be moving; ask again
            }
            Thread.sleep(200);
        }
        throw new AssertionError("waited 60 s for " + what + "; the group last looked like " + last);
    }

    /**
     * Waits until the group has committed offsets past 0 on the killed worker's partitions of
     * {@code incoming_payment_received}, so the kill hits a worker that is processing; returns their sum.
     */
    private static long awaitCommitted(Admin admin, Set<String> held) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.of();
        while (System.nanoTime() < deadline) {
            offsets = admin.listConsumerGroupOffsets(PaymentsApp.NAME).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            long committed = offsets.entrySet().stream()
                    .filter(entry -> held.contains(entry.getKey().toString())
                            && entry.getKey().topic().equals("incoming_payment_received") && entry.getValue() != null)
                    .mapToLong(entry -> entry.getValue().offset()).sum();
            if (committed > 0) {
                return committed;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the worker to kill committed nothing on " + held + " within 60 s; offsets " + offsets);
    }

    private static Set<String> partitions(MemberDescription member) {
        return member.assignment().topicPartitions().stream().map(Object::toString)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static long ms(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }
}
