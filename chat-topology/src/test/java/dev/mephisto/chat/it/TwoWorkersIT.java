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
            for (TestClient member : List.of(alex, tim)) {
                member.awaitComment("tim", "still here");
                assertEquals(List.of("alex: before", "alex: after", "tim: still here"), member.comments(),
                        member.user() + " sees the same conversation across the hand-over");
            }
            intruder.connection.send(dev.mephisto.chat.ChatRequest.join("alex", intruder.connection.session(), 1));
            intruder.awaitStatus(Status.DENIED_NAMETAKEN, null);
        } finally {
            second.close();
            first.close();
        }
    }

    private Worker start(String name) {
        // Kafka Streams does not leave its group on close: a short session timeout moves the partitions soon
        ChatApp chat = ChatApp.create(ChatOptions.defaults(), config -> config
                .kafka("session.timeout.ms", 8_000).kafka("heartbeat.interval.ms", 1_000));
        return Worker.start(chat.app(), WorkerOptions.defaults()
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
