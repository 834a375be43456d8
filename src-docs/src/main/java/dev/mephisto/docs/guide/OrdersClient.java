package dev.mephisto.docs.guide;

import dev.mephisto.ClientOptions;
import dev.mephisto.DeadLetter;
import dev.mephisto.Outgoing;
import dev.mephisto.ReadOptions;
import dev.mephisto.Received;
import dev.mephisto.Sent;
import dev.mephisto.TopicClient;
import dev.mephisto.TopicReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The guide's typed client (concepts.md): the orders app's topics, sent to and read from outside an agent. */
public final class OrdersClient {

    private OrdersClient() {
    }

    public static void main(String[] args) throws Exception {
        OrdersApp shop = new OrdersApp();
        // tag::client[]
        try (TopicClient client = TopicClient.connect(shop.app, ClientOptions.defaults().withBroker("localhost:9092"))) {
            OrdersApp.Order order = new OrdersApp.Order("o-1", "ada", new BigDecimal("12.50"));
            Sent sent = client.send(shop.orders, order).get(10, TimeUnit.SECONDS);   // key "o-1" from withIngress
            System.out.println("request " + sent.requestId() + " at " + sent.partition() + "@" + sent.offset());

            client.send(Outgoing.to(shop.orders, "o-2", new OrdersApp.Order("o-2", "bob", BigDecimal.ONE))
                    .withHeader("source", "importer"));
            client.flush();

            try (TopicReader<String, OrdersApp.Order> reader = client.read(shop.accepted, ReadOptions.fromBeginning())) {
                while (!reader.caughtUp()) {
                    for (Received<String, OrdersApp.Order> r : reader.poll(Duration.ofMillis(500))) {
                        if (r.failure().isPresent()) {
                            System.out.println(r.id() + " does not decode: " + r.failure().get().getMessage());
                        } else {
                            System.out.println(r.key() + " " + r.value().amount() + " request=" + r.requestId());
                        }
                    }
                }
            }
        }
        // end::client[]
        // tag::dead-letters[]
        try (TopicClient client = TopicClient.connect(shop.app);
                TopicReader<byte[], byte[]> reader = client.read(client.deadLetterTopic(), ReadOptions.lastOf(10))) {
            for (Received<byte[], byte[]> r : reader.poll(Duration.ofSeconds(1))) {
                DeadLetter letter = DeadLetter.of(r.rawKey(), r.rawValue(), r.headers());
                System.out.println(letter.kind() + " " + letter.topic() + ": " + letter.message());
            }
        }
        // end::dead-letters[]
    }
}
