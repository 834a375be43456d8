package dev.mephisto.payments;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.testing.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker lost mid-stream: three brokers, every topic replicated three times with {@code min.insync.replicas=2},
 * an exactly-once payments worker under steady traffic. The broker that coordinates the worker's group is stopped
 * (never the controller, which runs on a node of its own); the worker keeps processing on the other two, and later
 * the broker comes back. Read committed, each valid payment is processed exactly once, and balances are exact.
 */
@Timeout(240)
class PaymentsBrokerLossIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(3);

    @TempDir
    Path dir;

    private final PaymentsApp payments = PaymentsApp.create(PaymentsSettings.defaults().withReplication(3)
            .withPartitions(3));

    @Test
    void shouldProcessEveryPaymentExactlyOnceWhenABrokerIsLostMidStream() throws Exception {
        SentPayments.requireTwoInSyncReplicas(kafka.bootstrapServers());
        List<String> timeline = new ArrayList<>();
        long began = System.nanoTime();
        try (Worker worker = Worker.start(payments.app(), WorkerOptions.defaults().withBroker(kafka.bootstrapServers())
                .withStateDir(dir.resolve("state")).withWebPort(0));
                WorkerStates states = new WorkerStates(worker);
                SentPayments sent = new SentPayments(payments, kafka.bootstrapServers(), "loss");
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers()))) {
            worker.awaitRunning(Duration.ofSeconds(90));
            int topics = SentPayments.assertReplicatedThreeTimesWithTwoInSync(kafka.bootstrapServers());
            timeline.add("RUNNING at " + ms(began) + " ms, " + topics + " topics replicated 3, min ISR 2");

            sent.start();
            Thread.sleep(3_000);
            int lost = admin.describeConsumerGroups(List.of(PaymentsApp.NAME)).describedGroups().get(PaymentsApp.NAME)
                    .get(30, TimeUnit.SECONDS).coordinator().id();
            int controller = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
            assertNotEquals(controller, lost, "the broker to lose must not be the controller");
            int led = partitionsLedBy(admin, lost);
            assertNotEquals(0, led, "broker " + lost + " leads no partition of the app; losing it would test little");
            int sentBefore = sent.ids().size();
            long stopping = System.nanoTime();
            kafka.cluster().stopBroker(lost);
            timeline.add("stopped broker " + lost + " (group coordinator, leader of " + led + " partitions; the "
                    + "controller is node " + controller + ") after " + sentBefore + " payments sent, in "
                    + ms(stopping) + " ms");

            Thread.sleep(8_000);
            Set<String> sentDuringOutage = sent.ids();
            long catchingUp = System.nanoTime();
            sent.awaitProcessed(sentDuringOutage, Duration.ofSeconds(60), "broker " + lost + " still down");
            timeline.add("with broker " + lost + " down, all " + sentDuringOutage.size() + " payments sent so far "
                    + "processed, read committed, " + ms(catchingUp) + " ms after asking");
            assertFalse(states.leftRunning(), "with broker " + lost + " down the worker must stay RUNNING (or "
                    + "REBALANCING); seen: " + states.changes());

            long starting = System.nanoTime();
            kafka.cluster().startBroker(lost);
            timeline.add("broker " + lost + " back in sync in " + ms(starting) + " ms");
            sent.stopAndAssertExactlyOnce(worker, states, timeline);
            timeline.add("states seen " + states.changes() + "; test " + ms(began) + " ms");
        } finally {
            System.out.println("FIGURES broker loss IT: " + String.join("; ", timeline));
        }
    }

    private static int partitionsLedBy(Admin admin, int broker) throws Exception {
        Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        return (int) admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                .filter(topic -> topic.name().startsWith(PaymentsApp.NAME) || topic.name().startsWith("incoming_payment"))
                .flatMap(topic -> topic.partitions().stream())
                .filter(partition -> partition.leader() != null && partition.leader().id() == broker).count();
    }

    private static long ms(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }
}
