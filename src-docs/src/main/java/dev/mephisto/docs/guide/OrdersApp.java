package dev.mephisto.docs.guide;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.KeyValueTable;
import dev.mephisto.Source;
import dev.mephisto.Topic;
import dev.mephisto.cli.Cli;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The guide's running example (concepts.md): orders come in, bad ones are refused to the dead-letter
 * topic, good ones are accepted, totals are kept per customer, and a chain tidies up notes.
 */
public final class OrdersApp {

    // tag::record[]
    public record Order(String orderId, String customer, BigDecimal amount) {
    }
    // end::record[]

    // tag::create[]
    public final App app = App.create("orders", config -> config
            .withTopicPartitions(3)
            .withStatsInterval(Duration.ofMinutes(1))
            .withKafka("commit.interval.ms", 200));
    // end::create[]

    // tag::topics[]
    public final Topic<String, Order> orders = app.topic(
            Topic.of("orders", Codec.string(), Codec.json(Order.class))
                    .withRetention(Duration.ofDays(7))
                    .withValidator(order -> order.customer() == null ? "customer is required" : null)
                    .withIngress(Order::orderId));
    public final Topic<String, Order> accepted = app.topic("orders-accepted", Codec.string(), Codec.json(Order.class));
    public final Topic<String, BigDecimal> customerTotals =
            app.topic("customer-totals", Codec.string(), Codec.json(BigDecimal.class));
    public final Topic<String, String> notes = app.topic("notes", Codec.string(), Codec.string());
    public final Topic<String, String> cleanNotes = app.topic("clean-notes", Codec.string(), Codec.string());
    public final Topic<String, Long> heartbeats = app.topic("order-heartbeats", Codec.string(), Codec.int64());
    // end::topics[]

    // tag::table[]
    public final KeyValueTable<String, BigDecimal> totals = app.table("totals", Codec.string(), Codec.json(BigDecimal.class));
    // end::table[]

    public OrdersApp() {
        // tag::agent[]
        app.agent("accept", orders, (orderId, order, ctx) -> {
            if (order.amount() == null || order.amount().signum() <= 0) {
                throw ctx.reject("amount must be positive, got " + order.amount());
            }
            ctx.send(accepted, orderId, order);
        }).sendsTo(accepted);
        // end::agent[]

        // tag::rekey[]
        Source<String, Order> byCustomer =
                accepted.rekey("accepted-by-customer", (orderId, order) -> order.customer(), Codec.string());

        app.agent("total", byCustomer, (customer, order, ctx) -> {
            BigDecimal total = ctx.table(totals).merge(customer, order.amount(), BigDecimal::add);
            ctx.send(customerTotals, customer, total);
        }).sendsTo(customerTotals).uses(totals);
        // end::rekey[]

        // tag::chain[]
        app.chain("tidy-notes", notes)
                .step(text -> text.strip())
                .step(text -> text.isEmpty() ? null : text)                       // null drops the record
                .step((key, text, ctx) -> key + ": " + text)
                .to(cleanNotes);
        // end::chain[]

        // tag::timer[]
        app.agent("heartbeat", notes, (key, text, ctx) -> { })
                .sendsTo(heartbeats)
                .onWallClock(Duration.ofMinutes(1), ctx -> ctx.send(heartbeats, "orders", ctx.timestamp()));
        // end::timer[]
    }

    // tag::main[]
    public static void main(String[] args) {
        Cli.main(args, settings -> new OrdersApp().app);   // worker | broker | send | topology | topics | agents | tables | get | dlq | reset
    }
    // end::main[]
}
