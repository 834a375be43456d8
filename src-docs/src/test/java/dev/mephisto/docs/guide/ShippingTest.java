package dev.mephisto.docs.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.DeadLetter;
import dev.mephisto.docs.guide.Shipping.Order;
import dev.mephisto.docs.guide.Shipping.Shipment;
import dev.mephisto.docs.guide.Shipping.Shipped;
import dev.mephisto.testing.AppTestDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What joins.md says the shipping sample does. */
class ShippingTest {

    private static final Instant T = AppTestDriver.DEFAULT_START;

    private final Shipping shipping = new Shipping();
    private final AppTestDriver driver = AppTestDriver.create(shipping.app);

    @AfterEach
    void close() {
        driver.close();
    }

    // tag::test[]
    @Test
    void shouldShipEachOrderOnceAndReportTheUnshippedByEventTime() {
        Order order = new Order("o-1", "ada", T);
        driver.send(shipping.orders, "o-1", order);
        driver.send(shipping.orders, "o-1", order);                           // delivered twice
        driver.send(shipping.shipments, "o-1", new Shipment("o-1", "dhl", T.plus(Duration.ofHours(5))));
        driver.send(shipping.orders, "o-2", new Order("o-2", "bob", T.plus(Duration.ofHours(1))));

        assertEquals(List.of(new Shipped("o-1", "dhl", 5)), driver.readValues(shipping.shipped));
        assertTrue(driver.isEmpty(shipping.unshipped), "o-2's window (24 h) and grace (10 min) are still open");

        // no timer and no wall clock: a later order moves stream time past o-2's window and grace
        driver.send(shipping.orders, "o-3", new Order("o-3", "cy", T.plus(Duration.ofHours(26))));
        assertEquals(List.of("o-2"), driver.readValues(shipping.unshipped).stream().map(Order::orderId).toList());
    }
    // end::test[]

    @Test
    void shouldDeadLetterAShipmentPastItsWindowAndGraceAsLate() {
        driver.send(shipping.orders, "o-1", new Order("o-1", "ada", T.plus(Duration.ofHours(48))));
        driver.send(shipping.shipments, "o-0", new Shipment("o-0", "dhl", T));

        DeadLetter late = driver.deadLetters().get(0);
        assertEquals(DeadLetter.Kind.LATE, late.kind());
        assertEquals(T.toString(), late.headers().get(DeadLetter.HEADER_EVENT_TIME));
    }

    @Test
    void shouldDeadLetterAnOrderIdReusedForAnotherCustomer() {
        driver.send(shipping.orders, "o-1", new Order("o-1", "ada", T));
        driver.send(shipping.orders, "o-1", new Order("o-1", "eve", T));

        DeadLetter conflict = driver.deadLetters().get(0);
        assertEquals(DeadLetter.Kind.REJECTED, conflict.kind());
        assertTrue(conflict.message().startsWith("conflicting copy: id 'o-1'"), conflict.message());
    }
}
