package dev.mephisto.docs.guide;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Topic;
import dev.mephisto.Table;
import dev.mephisto.VersionedTable;
import java.time.Duration;
import java.time.Instant;

/** Lookups (joins.md): each sale priced at the price its product had when it was sold. */
public final class Pricing {

    public record Price(String sku, long cents, Instant from) {
    }

    public record Sale(String saleId, String sku, int quantity, Instant soldAt) {
    }

    public record Invoice(String saleId, String sku, long cents) {
    }

    public final App app = App.create("pricing");
    public final Topic<String, Price> prices = app.topic(Topic.of("prices", Codec.string(), Codec.json(Price.class))
            .withEventTime("from", Price::from));
    public final Topic<String, Sale> sales = app.topic(Topic.of("sales", Codec.string(), Codec.json(Sale.class))
            .withEventTime("soldAt", Sale::soldAt));
    public final Topic<String, Invoice> invoices = app.topic("invoices", Codec.string(), Codec.json(Invoice.class));
    public final Topic<String, Sale> unpriced = app.topic("unpriced", Codec.string(), Codec.json(Sale.class));

    // tag::versioned[]
    public final VersionedTable<String, Price> priceHistory = app.table(Table.versioned("price-history",
            Codec.string(), Codec.json(Price.class), Duration.ofDays(30)));   // how far back a sale may look
    // end::versioned[]

    public Pricing() {
        // tag::keep[]
        app.agent("keep-prices", prices, (sku, price, ctx) -> ctx.table(priceHistory).put(sku, price))  // from price.from on
                .uses(priceHistory);
        // end::keep[]
        // tag::lookup[]
        app.lookup("invoice", sales, priceHistory,
                        (sku, sale, price, ctx) -> ctx.send(invoices, sale.saleId(),
                                new Invoice(sale.saleId(), sku, price.cents() * sale.quantity())))
                .onMissing((sku, sale, ctx) -> ctx.send(unpriced, sale.saleId(), sale))   // no price yet at soldAt
                .sendsTo(invoices, unpriced);
        // end::lookup[]
    }
}
