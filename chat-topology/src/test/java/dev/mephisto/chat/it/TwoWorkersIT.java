package dev.mephisto.chat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.ChatOptions;
import dev.mephisto.chat.Status;
import dev.mephisto.testing.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two chat workers share the partitions; when one stops, the clients' conversation goes on unchanged. */
@Timeout(240)
class TwoWorkersIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    Path state;

    @Test
    void shouldShareTheLoadAndKeepAClientsExperienceWhenOneWorkerStops() throws Exception {
        Worker first = start("a");
        Worker second = start("b");
        try (TestClient alex = new TestClient(kafka.bootstrapServers(), "alex");
                TestClient tim = new TestClient(kafka.bootstrapServers(), "tim");
                TestClient intruder = new TestClient(kafka.bootstrapServers(), "alex")) {
            first.awaitRunning(Duration.ofSeconds(90));
            second.awaitRunning(Duration.ofSeconds(90));
            awaitSplit(first, second);

            alex.join(0);
            tim.join(0);
            alex.say("before");
            tim.awaitComment("alex", "before");

            second.close();
            first.awaitRunning(Duration.ofSeconds(90));

            alex.say("after");
            tim.say("still here");
            // alex's and tim's comments pass through different user partitions, one of which just moved
            // workers, so the room may receive them in either order; every member sees the room's order
            for (TestClient member : List.of(alex, tim)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (member.comments().size() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(Set.of("alex: before", "alex: after", "tim: still here"), Set.copyOf(member.comments()),
                        member.user() + " sees every comment across the hand-over");
                assertEquals(3, member.comments().size(), member.user() + " sees each comment once");
                assertEquals("alex: before", member.comments().get(0));
            }
            assertEquals(alex.comments(), tim.comments(), "both members see the room's one order");
            intruder.connection.send(dev.mephisto.chat.ChatRequest.join("alex", intruder.connection.session(), 1));
            intruder.awaitStatus(Status.DENIED_NAMETAKEN, null);
        } finally {
            second.close();
            first.close();
        }
    }

    private Worker start(String name) {
        return Worker.start(ChatApp.create(ChatOptions.defaults()).app(), WorkerOptions.defaults()
                .withBroker(kafka.bootstrapServers()).withStateDir(state.resolve(name)).withWebPort(0));
    }

    private static Set<Integer> activePartitions(Worker worker) {
        return worker.kafkaStreams().metadataForLocalThreads().stream()
                .map(ThreadMetadata::activeTasks)
                .flatMap(Set::stream)
                .flatMap(task -> task.topicPartitions().stream())
                .map(tp -> tp.partition())
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static void awaitSplit(Worker first, Worker second) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (activePartitions(first).isEmpty() || activePartitions(second).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the two workers did not share the partitions: " + activePartitions(first)
                        + " and " + activePartitions(second));
            }
            Thread.sleep(100);
        }
        assertFalse(activePartitions(first).isEmpty());
    }
}
