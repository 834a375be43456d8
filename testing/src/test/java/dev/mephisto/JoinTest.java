package dev.mephisto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.testing.AppTestDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stream–stream join on event time: matches, redeliveries, unmatched records and late ones. */
class JoinTest {

    record Order(String id, Instant at) {
    }

    record Shipment(String id, Instant at) {
    }

    record Shipped(String id, Instant orderedAt, Instant shippedAt) {
    }

    private static final Instant T = AppTestDriver.DEFAULT_START;

    private final App app = App.create("shop");
    private final Topic<String, Order> orders = app.topic(Topic.of("orders", Codec.string(), Codec.json(Order.class))
            .withEventTime("at", Order::at));
    private final Topic<String, Shipment> shipments = app.topic(Topic.of("shipments", Codec.string(),
            Codec.json(Shipment.class)).withEventTime("at", Shipment::at));
    private final Topic<String, Shipped> shipped = app.topic("shipped", Codec.string(), Codec.json(Shipped.class));
    private final Topic<String, Order> unshipped = app.topic("unshipped", Codec.string(), Codec.json(Order.class));
    private final Topic<String, Shipment> orphans = app.topic("orphans", Codec.string(), Codec.json(Shipment.class));
    private AppTestDriver driver;

    private AppTestDriver driver() {
        return driver(false);
    }

    private AppTestDriver driver(boolean oneToOne) {
        Join<String, Order, Shipment> join = app.join("ship", orders, shipments,
                        JoinWindow.within(Duration.ofSeconds(30)).withGrace(Duration.ofSeconds(5)),
                        (id, order, shipment, ctx) -> ctx.send(shipped, id, new Shipped(id, order.at(), shipment.at())))
                .onUnmatchedLeft((id, order, ctx) -> ctx.send(unshipped, id, order))
                .onUnmatchedRight((id, shipment, ctx) -> ctx.send(orphans, id, shipment))
                .sendsTo(shipped, unshipped, orphans);
        if (oneToOne) {
            join.oneToOne();
        }
        driver = AppTestDriver.create(app);
        return driver;
    }

    /** How many keys wait in one of the join's stores. */
    private long waiting(String store) {
        try (var all = driver.kafkaDriver().getKeyValueStore(store).all()) {
            long count = 0;
            for (; all.hasNext(); all.next()) {
                count++;
            }
            return count;
        }
    }

    /** The join's counts and times, as /agents, the STATS line and /metrics read them. */
    private dev.mephisto.internal.runtime.AgentMetrics metrics() {
        return app.agentMetrics().stream().filter(agent -> agent.agent().equals("ship")).findFirst().orElseThrow();
    }

    @Test
    void shouldCountTheRecordsTheJoinHandledAndSentAsAnAgentsAreCounted() {
        driver();
        order("o-1", T);
        ship("o-1", T.plusSeconds(10));
        order("o-2", T.plusSeconds(100)); // closes o-1's windows; o-2 waits

        dev.mephisto.internal.runtime.AgentMetrics metrics = metrics();
        assertEquals(3, metrics.consumed(), "every record the join handled (what /agents and the STATS line show)");
        assertEquals(1, metrics.sent(), "the one pair it sent");
        assertTrue(metrics.sinceStart().meanMillis() > 0, "its processing times are kept");
    }

    @Test
    void shouldPairEachRecordOnceAndLeaveNothingStoredWhenOneToOne() {
        driver(true);
        order("o-1", T);
        ship("o-1", T.plusSeconds(10));

        assertEquals(List.of(new Shipped("o-1", T, T.plusSeconds(10))), driver.readValues(shipped));
        assertEquals(0, waiting("ship-left"), "a matched pair leaves the stores at once");
        assertEquals(0, waiting("ship-right"), "the record that found its partner is never stored");

        ship("o-1", T.plusSeconds(12)); // a second shipment: o-1 is already paired
        order("o-9", T.plusSeconds(100));
        assertTrue(driver.isEmpty(shipped), "each record pairs once");
        assertEquals(List.of(new Shipment("o-1", T.plusSeconds(12))), driver.readValues(orphans));
        assertTrue(driver.isEmpty(unshipped), "o-1 paired: never reported unmatched");
    }

    @Test
    void shouldPairTheEarliestWaitingRecordAndReportTheOtherUnmatchedWhenOneToOne() {
        driver(true);
        order("o-1", T);
        order("o-1", T.plusSeconds(5)); // another order of the same key, waiting too
        ship("o-1", T.plusSeconds(6));
        order("o-1", T.plusSeconds(5)); // a redelivery of the one still waiting: dropped

        assertEquals(List.of(new Shipped("o-1", T, T.plusSeconds(6))), driver.readValues(shipped));
        order("o-2", T.plusSeconds(100));
        assertEquals(List.of(new Order("o-1", T.plusSeconds(5))), driver.readValues(unshipped),
                "the unpaired order once, the paired one never");
        assertTrue(driver.isEmpty(orphans));
    }

    @Test
    void shouldStillReportARecordWaitingWithTheSameKeyAndTimeAsOneThatPairedWhenOneToOne() {
        driver(true);
        order("o-1", T);
        driver.send(orders, "o-1", new Order("o-1-again", T)); // same key and event time, another record
        ship("o-1", T.plusSeconds(1));

        assertEquals(1, driver.readValues(shipped).size());
        order("o-2", T.plusSeconds(100));
        assertEquals(List.of(new Order("o-1-again", T)), driver.readValues(unshipped),
                "the paired record's window left the index; the other one waiting at the same time is still reported");
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void order(String id, Instant at) {
        driver.send(orders, id, new Order(id, at));
    }

    private void ship(String id, Instant at) {
        driver.send(shipments, id, new Shipment(id, at));
    }

    @Test
    void shouldMatchRecordsOfTheSameKeyWithinTheWindowByTheirEventTimeFields() {
        driver();
        order("o-1", T);
        ship("o-1", T.plusSeconds(20));
        ship("o-2", T.plusSeconds(21));

        assertEquals(List.of(new Shipped("o-1", T, T.plusSeconds(20))), driver.readValues(shipped));
    }

    @Test
    void shouldNotMatchRecordsFartherApartThanTheWindow() {
        driver();
        order("o-1", T);
        ship("o-1", T.plusSeconds(31));

        assertTrue(driver.isEmpty(shipped));
    }

    @Test
    void shouldReportEachMatchOnceWhenEitherSideIsDeliveredAgain() {
        driver();
        order("o-1", T);
        ship("o-1", T.plusSeconds(1));
        order("o-1", T);
        ship("o-1", T.plusSeconds(1));

        assertEquals(1, driver.readValues(shipped).size());
        assertTrue(driver.deadLetters().isEmpty());
    }

    @Test
    void shouldCallTheUnmatchedFunctionsOnceWhenStreamTimePassesWindowAndGrace() {
        driver();
        order("o-1", T);
        ship("o-9", T.plusSeconds(1));
        order("o-2", T.plusSeconds(35)); // window 30 s + grace 5 s: not yet past
        assertTrue(driver.isEmpty(unshipped), "not before stream time passes the window and the grace");

        order("o-3", T.plusSeconds(36)); // no clock of the wall, no timer: the next record's event time
        assertEquals(List.of(new Order("o-1", T)), driver.readValues(unshipped));
        assertTrue(driver.isEmpty(orphans), "o-9 closes at 36 s: stream time must pass it");

        order("o-4", T.plusSeconds(120));
        assertEquals(List.of(new Shipment("o-9", T.plusSeconds(1))), driver.readValues(orphans));
        assertEquals(List.of("o-2", "o-3"), driver.readKeyValues(unshipped).stream().map(kv -> kv.key).toList(),
                "each unmatched record once");
        assertTrue(driver.isEmpty(shipped));
    }

    @Test
    void shouldNeverReportAMatchedRecordUnmatched() {
        driver();
        order("o-1", T);
        ship("o-1", T.plusSeconds(10));
        order("o-2", T.plusSeconds(100));

        assertTrue(driver.isEmpty(unshipped));
        assertTrue(driver.isEmpty(orphans));
    }

    @Test
    void shouldReportBothUnmatchedWhenAPartnerArrivesAfterTheRecordLeftTheJoin() {
        driver();
        order("o-1", T);
        order("o-2", T.plusSeconds(40)); // o-1's window and grace close at 35 s: it leaves, unmatched
        ship("o-1", T.plusSeconds(10));  // within o-1's window, but more than the grace out of order

        assertEquals(List.of("o-1"), driver.readKeyValues(unshipped).stream().map(kv -> kv.key).toList());
        assertTrue(driver.isEmpty(shipped), "never one side matched and the other unmatched");
        order("o-3", T.plusSeconds(100));
        assertEquals(List.of(new Shipment("o-1", T.plusSeconds(10))), driver.readValues(orphans));
    }

    @Test
    void shouldSendARecordPastTheGraceToTheDeadLetterTopicAsLateWithItsTimes() {
        driver();
        order("o-1", T.plusSeconds(60));
        ship("o-0", T.plusSeconds(24)); // window to 54 s, grace to 59 s: closed at stream time 60 s

        List<DeadLetter> letters = driver.deadLetters();
        assertEquals(1, letters.size());
        DeadLetter late = letters.get(0);
        assertEquals(DeadLetter.Kind.LATE, late.kind());
        assertEquals("shipments", late.topic());
        assertEquals("ship", late.agent());
        assertEquals(T.plusSeconds(24).toString(), late.headers().get(DeadLetter.HEADER_EVENT_TIME));
        assertEquals(T.minusSeconds(6) + "/" + T.plusSeconds(54), late.headers().get(DeadLetter.HEADER_WINDOW));
        assertEquals(T.plusSeconds(60).toString(), late.headers().get(DeadLetter.HEADER_STREAM_TIME));
        assertTrue(late.message().contains("and the grace of 5000 ms had passed"), late.message());

        ship("o-1", T.plusSeconds(30)); // window to 60 s, grace to 65 s: still open, so it joins
        assertEquals(1, driver.readValues(shipped).size());
    }

    @Test
    void shouldCountALateRecordAsHandledAndFailedAsAnAgentsRejectedRecordIsCounted() {
        driver();
        order("o-1", T.plusSeconds(60));
        ship("o-0", T.plusSeconds(24)); // closed at stream time 60 s: late

        dev.mephisto.internal.runtime.AgentMetrics metrics = metrics();
        assertEquals(DeadLetter.Kind.LATE, driver.deadLetters().get(0).kind());
        assertEquals(2, metrics.consumed(), "the late record was handled too: it went to the dead-letter topic");
        assertEquals(1, metrics.errors(), "what /agents and mephisto_agent_errors_total show for it");
    }

    @Test
    void shouldShowTheStuckCheckTheRecordAJoinIsHandlingAndOnWhichThread() {
        List<String> seen = new ArrayList<>();
        app.join("ship", orders, shipments, JoinWindow.within(Duration.ofSeconds(30)), (id, order, shipment, ctx) -> {
            // what the health check reads on its ticks: a first sighting, then the same record 4 us later
            dev.mephisto.internal.runtime.InFlight slot = metrics().inFlight().iterator().next();
            boolean here = slot.thread() == Thread.currentThread();
            seen.add(slot.busyNanos(1_000) + " " + slot.busyNanos(5_000) + " " + here);
        });
        driver = AppTestDriver.create(app);

        order("o-1", T);
        ship("o-1", T.plusSeconds(10));

        assertEquals(List.of("0 4000 true"), seen);
        assertEquals(0, metrics().inFlight().iterator().next().busyNanos(9_000), "no record in flight between records");
    }

    @Test
    void shouldDeadLetterARecordWithoutItsEventTimeFieldNamingTopicPartitionOffsetAndField() {
        driver();
        order("o-1", null);

        DeadLetter letter = driver.deadLetters().get(0);
        assertEquals(DeadLetter.Kind.REJECTED, letter.kind());
        assertEquals("topic 'orders' partition 0 offset 0: event-time field 'at' is missing or null, so the record"
                + " has no event time; producers must set 'at' (or drop withEventTime(...) from topic 'orders' to"
                + " use the record timestamp)", letter.message());
        assertTrue(driver.isEmpty(unshipped));
    }

    @Test
    void shouldUseTheEventTimeFieldAndNotTheRecordTimestamp() {
        driver();
        driver.send(orders, "o-1", new Order("o-1", T), T.plusSeconds(3600)); // record stamped an hour later
        driver.send(shipments, "o-1", new Shipment("o-1", T.plusSeconds(5)), T.minusSeconds(3600));

        assertEquals(List.of(new Shipped("o-1", T, T.plusSeconds(5))), driver.readValues(shipped));
    }

    @Test
    void shouldNameItsStoresAfterTheJoin() {
        driver();
        String described = app.topology().describe().toString();

        for (String store : List.of("ship-left", "ship-right")) {
            assertTrue(described.contains(store), store + " in " + described);
        }
        // when each record's window closes is kept in memory, with no store and no changelog
        assertFalse(described.contains("ship-expiry"), described);
    }

    @Test
    void shouldRefuseAJoinOfASourceWithItself() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> app.join("self", orders,
                orders, JoinWindow.within(Duration.ofSeconds(1)), (id, a, b, ctx) -> { }));
        assertTrue(e.getMessage().contains("reads 'orders' on both sides"), e.getMessage());
    }

    @Test
    void shouldRefuseToCompileAJoinOfTopicsWithDifferentPartitionCounts() {
        App shop = App.create("shop");
        Topic<String, Order> six = shop.topic(Topic.of("orders", Codec.string(), Codec.json(Order.class))
                .withPartitions(6));
        Topic<String, Shipment> three = shop.topic(Topic.of("shipments", Codec.string(), Codec.json(Shipment.class))
                .withPartitions(3));
        shop.join("ship", six, three, JoinWindow.within(Duration.ofSeconds(1)), (id, a, b, ctx) -> { });

        InvalidAppException e = assertThrows(InvalidAppException.class, shop::topology);
        assertTrue(e.getMessage().contains("join 'ship' joins topic 'orders' (6 partitions) with topic 'shipments'"
                + " (3 partitions): a join needs co-partitioned sides"), e.getMessage());
    }

    @Test
    void shouldRefuseToCompileAJoinUsingAWindowedTableThatEmitsClosedWindows() {
        WindowedTable<String, Long> perMinute = app.table(Table.windowed("per-minute", Codec.string(), Codec.int64(),
                TableWindow.tumbling(Duration.ofMinutes(1))).onWindowClose((key, window, total, ctx) -> { }));
        app.join("ship", orders, shipments, JoinWindow.within(Duration.ofSeconds(1)), (id, a, b, ctx) -> { })
                .uses(perMinute);

        InvalidAppException e = assertThrows(InvalidAppException.class, app::topology);
        assertTrue(e.getMessage().contains("join 'ship' uses windowed table 'per-minute', which emits closed windows"),
                e.getMessage());
    }
}
