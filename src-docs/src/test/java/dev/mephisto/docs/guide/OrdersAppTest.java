package dev.mephisto.docs.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.DeadLetter;
import dev.mephisto.docs.guide.OrdersApp.Order;
import dev.mephisto.testing.AppTestDriver;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** What concepts.md and testing.md say the orders app does; some tests are the guide's samples. */
class OrdersAppTest {

    private final OrdersApp orders = new OrdersApp();

    // tag::driver-basics[]
    @Test
    void shouldKeepARunningTotalPerCustomer() {
        try (AppTestDriver driver = AppTestDriver.create(orders.app)) {
            driver.send(orders.orders, "o-1", new Order("o-1", "ana", new BigDecimal("10.50")));
            driver.send(orders.orders, "o-2", new Order("o-2", "bob", new BigDecimal("3")));
            driver.send(orders.orders, "o-3", new Order("o-3", "ana", new BigDecimal("2.25")));

            assertEquals(List.of("o-1", "o-2", "o-3"),
                    driver.readKeyValues(orders.accepted).stream().map(kv -> kv.key).toList());
            assertEquals(List.of(KeyValue.pair("ana", new BigDecimal("10.50")), KeyValue.pair("bob", new BigDecimal("3")),
                    KeyValue.pair("ana", new BigDecimal("12.75"))), driver.readKeyValues(orders.customerTotals));
            assertEquals(new BigDecimal("12.75"), driver.get(orders.totals, "ana"));
        }
    }
    // end::driver-basics[]

    // tag::dead-letters[]
    @Test
    void shouldSendARejectedOrderAndABrokenRecordToTheDeadLetterTopic() {
        try (AppTestDriver driver = AppTestDriver.create(orders.app)) {
            driver.send(orders.orders, "o-9", new Order("o-9", "ana", new BigDecimal("-1")));
            DeadLetter rejected = driver.deadLetters().get(0);
            assertEquals(DeadLetter.Kind.REJECTED, rejected.kind());
            assertEquals("amount must be positive, got -1", rejected.message());
            assertEquals("accept", rejected.agent());

            driver.sendBytes(orders.orders, "o-10".getBytes(StandardCharsets.UTF_8),
                    "not json".getBytes(StandardCharsets.UTF_8));
            DeadLetter broken = driver.deadLetters().get(0);
            assertEquals(DeadLetter.Kind.DECODE, broken.kind());
            assertEquals("not json", broken.valueText());
            assertTrue(driver.isEmpty(orders.accepted));   // and the app carried on
        }
    }
    // end::dead-letters[]

    // tag::clocks[]
    @Test
    void shouldSendAHeartbeatEveryMinuteOfWallClock() {
        Instant start = Instant.parse("2026-03-01T12:00:00Z");
        try (AppTestDriver driver = AppTestDriver.create(orders.app, start)) {
            driver.advanceWallClock(Duration.ofMinutes(1));

            assertEquals(List.of(start.plus(Duration.ofMinutes(1)).toEpochMilli()),
                    driver.readValues(orders.heartbeats));
        }
    }
    // end::clocks[]

    @Test
    void shouldTidyNotesStepByStepAndDropEmptyOnes() {
        try (AppTestDriver driver = AppTestDriver.create(orders.app)) {
            driver.send(orders.notes, "ana", "  call me back  ");
            driver.send(orders.notes, "bob", "   ");

            assertEquals(List.of(KeyValue.pair("ana", "ana: call me back")), driver.readKeyValues(orders.cleanNotes));
        }
    }

    @Test
    void shouldCarryTheRequestIdFromTheInputToTheOutput() {
        try (AppTestDriver driver = AppTestDriver.create(orders.app)) {
            driver.send(orders.orders, "o-1", new Order("o-1", "ana", BigDecimal.ONE), driver.eventTime(),
                    Map.of("requestId", "req-42"));

            assertEquals("req-42", driver.read(orders.accepted).get(0).headers().get("requestId"));
        }
    }

    @Test
    void shouldValidateValuesThatEnterFromOutside() {
        assertEquals("customer is required", orders.orders.problemWith(new Order("o-1", null, BigDecimal.ONE)));
        assertNull(orders.orders.problemWith(new Order("o-1", "ana", BigDecimal.ONE)));
        assertTrue(orders.orders.acceptsIngress());
        assertEquals("o-7", orders.orders.ingressKeyOf(new Order("o-7", "ana", BigDecimal.ONE)).orElseThrow());
    }

    @Test
    void shouldCreateTopicsWithTheDeclaredSettings() {
        assertEquals(Map.of("retention.ms", Long.toString(Duration.ofDays(7).toMillis())), orders.orders.topicConfigs());
        assertEquals("orders.dlq", orders.app.deadLetterTopic());
        assertEquals(3, orders.app.config().topicPartitions());
        assertEquals(200, orders.app.streamsProperties().get("commit.interval.ms"));
    }
}
