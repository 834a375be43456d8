package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mephisto.App;
import dev.mephisto.ClientOptions;
import dev.mephisto.Codec;
import dev.mephisto.JoinWindow;
import dev.mephisto.ReadOptions;
import dev.mephisto.Received;
import dev.mephisto.Topic;
import dev.mephisto.TopicClient;
import dev.mephisto.TopicReader;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.testing.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A join keeps when each waiting record's window closes in memory only: on a real broker, a record
 * left waiting by a worker that stopped is still reported unmatched, once, by the next worker, which
 * rebuilt that index from the join's restored stores (a fresh state directory: from the changelogs).
 */
@Timeout(300)
class JoinRestartIT {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    Path dir;

    record Order(String id, Instant at) {
    }

    record Shipment(String id, Instant at) {
    }

    /** The app: orders joined with shipments within 30 s (grace 5 s); orders never shipped go to unshipped. */
    private static final class Shop {
        final App app = App.create("join-restart");
        final Topic<String, Order> orders = app.topic(Topic.of("jr-orders", Codec.string(), Codec.json(Order.class))
                .withPartitions(1).withEventTime("at", Order::at));
        final Topic<String, Shipment> shipments = app.topic(Topic.of("jr-shipments", Codec.string(),
                Codec.json(Shipment.class)).withPartitions(1).withEventTime("at", Shipment::at));
        final Topic<String, String> shipped = app.topic(Topic.of("jr-shipped", Codec.string(), Codec.string())
                .withPartitions(1));
        final Topic<String, Order> unshipped = app.topic(Topic.of("jr-unshipped", Codec.string(),
                Codec.json(Order.class)).withPartitions(1));

        Shop() {
            app.join("ship", orders, shipments, JoinWindow.within(Duration.ofSeconds(30)).withGrace(Duration.ofSeconds(5)),
                            (id, order, shipment, ctx) -> ctx.send(shipped, id, id))
                    .onUnmatchedLeft((id, order, ctx) -> ctx.send(unshipped, id, order))
                    .sendsTo(shipped, unshipped);
        }
    }

    @Test
    void shouldReportARecordLeftWaitingBeforeARestartUnmatchedOnceAfterIt() throws Exception {
        Shop first = new Shop();
        try (Worker worker = start(first, "state-1");
                TopicClient client = TopicClient.connect(first.app, ClientOptions.defaults()
                        .withBroker(kafka.bootstrapServers()))) {
            client.send(first.orders, "o-1", new Order("o-1", T)).get();
            client.send(first.orders, "o-2", new Order("o-2", T.plusSeconds(1))).get();
            client.send(first.shipments, "o-2", new Shipment("o-2", T.plusSeconds(2))).get();
            // o-2's match comes after o-1 is stored: same partition, earlier event time
            assertEquals(List.of("o-2"), keys(client, first.shipped, 1));
        }

        Shop second = new Shop();
        try (Worker worker = start(second, "state-2"); // fresh state: the stores come back from their changelogs
                TopicClient client = TopicClient.connect(second.app, ClientOptions.defaults()
                        .withBroker(kafka.bootstrapServers()))) {
            client.send(second.orders, "o-3", new Order("o-3", T.plusSeconds(100))).get(); // stream time past o-1's close
            assertEquals(List.of("o-1"), keys(client, second.unshipped, 1),
                    "o-1 waited across the restart and is unmatched once; o-2 matched, o-3 still waits");
        }
    }

    private Worker start(Shop shop, String state) throws InterruptedException {
        Worker worker = Worker.start(shop.app, WorkerOptions.defaults().withBroker(kafka.bootstrapServers())
                .withStateDir(dir.resolve(state)).withWebPort(0));
        worker.awaitRunning(Duration.ofSeconds(120));
        return worker;
    }

    /** The keys on {@code topic} from its start, once {@code expected} came and 3 s more passed (or 90 s). */
    private static <V> List<String> keys(TopicClient client, Topic<String, V> topic, int expected) {
        List<String> keys = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long stopAt = Long.MAX_VALUE;
        try (TopicReader<String, V> reader = client.read(topic, ReadOptions.fromBeginning())) {
            while (System.nanoTime() < Math.min(deadline, stopAt)) {
                for (Received<String, V> record : reader.poll(Duration.ofMillis(200))) {
                    keys.add(record.key());
                }
                if (stopAt == Long.MAX_VALUE && keys.size() >= expected) {
                    stopAt = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        }
        return keys;
    }
}
