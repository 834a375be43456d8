package dev.mephisto.docs.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mephisto.docs.guide.Pricing.Invoice;
import dev.mephisto.docs.guide.Pricing.Price;
import dev.mephisto.docs.guide.Pricing.Sale;
import dev.mephisto.testing.AppTestDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What joins.md says the pricing sample does. */
class PricingTest {

    private static final Instant T = AppTestDriver.DEFAULT_START;

    private final Pricing pricing = new Pricing();
    private final AppTestDriver driver = AppTestDriver.create(pricing.app);

    @AfterEach
    void close() {
        driver.close();
    }

    // tag::test[]
    @Test
    void shouldPriceEachSaleAtThePriceItsProductHadWhenItWasSold() {
        driver.send(pricing.prices, "tea", new Price("tea", 300, T));
        driver.send(pricing.prices, "tea", new Price("tea", 350, T.plus(Duration.ofDays(1))));   // a price rise
        driver.send(pricing.sales, "tea", new Sale("s-1", "tea", 2, T.plus(Duration.ofHours(20))));  // sold before it
        driver.send(pricing.sales, "tea", new Sale("s-2", "tea", 2, T.plus(Duration.ofHours(30))));
        driver.send(pricing.sales, "tea", new Sale("s-0", "tea", 1, T.minus(Duration.ofHours(1)))); // before any price

        assertEquals(List.of(new Invoice("s-1", "tea", 600), new Invoice("s-2", "tea", 700)),
                driver.readValues(pricing.invoices));
        assertEquals(List.of("s-0"), driver.readValues(pricing.unpriced).stream().map(Sale::saleId).toList());
        assertEquals(350, driver.get(pricing.priceHistory, "tea", T.plus(Duration.ofDays(2))).cents());
    }
    // end::test[]
}
