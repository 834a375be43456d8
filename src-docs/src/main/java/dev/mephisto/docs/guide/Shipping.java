package dev.mephisto.docs.guide;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Dedupe;
import dev.mephisto.JoinWindow;
import dev.mephisto.Source;
import dev.mephisto.Topic;
import java.time.Duration;
import java.time.Instant;

/** Joins, event time and duplicates (joins.md): orders matched with shipments, each order once. */
public final class Shipping {

    public record Order(String orderId, String customer, Instant placedAt) {
    }

    public record Shipment(String orderId, String carrier, Instant shippedAt) {
    }

    public record Shipped(String orderId, String carrier, long hoursToShip) {
    }

    public final App app = App.create("shipping");
    // tag::event-time[]
    public final Topic<String, Order> orders = app.topic(Topic.of("orders", Codec.string(), Codec.json(Order.class))
            .withEventTime("placedAt", Order::placedAt));
    public final Topic<String, Shipment> shipments = app.topic(Topic.of("shipments", Codec.string(),
            Codec.json(Shipment.class)).withEventTime("shippedAt", Shipment::shippedAt));
    // end::event-time[]
    public final Topic<String, Shipped> shipped = app.topic("shipped", Codec.string(), Codec.json(Shipped.class));
    public final Topic<String, Order> unshipped = app.topic("unshipped", Codec.string(), Codec.json(Order.class));

    public Shipping() {
        // tag::dedupe[]
        Source<String, Order> eachOrderOnce = orders.dedupe("orders-once",
                Dedupe.by(Order::orderId, Codec.string())
                        .within(Duration.ofDays(2))                        // how long an orderId is remembered
                        .rejectingConflicts(order -> order.customer()));   // same id, other customer: a dead letter
        // end::dedupe[]
        // tag::join[]
        app.join("ship", eachOrderOnce, shipments,
                        JoinWindow.within(Duration.ofHours(24)).withGrace(Duration.ofMinutes(10)),
                        (orderId, order, shipment, ctx) -> ctx.send(shipped, orderId, new Shipped(orderId,
                                shipment.carrier(), Duration.between(order.placedAt(), shipment.shippedAt()).toHours())))
                .onUnmatchedLeft((orderId, order, ctx) -> ctx.send(unshipped, orderId, order))
                .sendsTo(shipped, unshipped);
        // end::join[]
    }
}
