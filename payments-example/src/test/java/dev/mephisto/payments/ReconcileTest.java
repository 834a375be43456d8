package dev.mephisto.payments;

import static dev.mephisto.payments.Fixtures.START;
import static dev.mephisto.payments.Fixtures.payment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.DeadLetter;
import dev.mephisto.testing.AppTestDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation: the join of received with processed on event time, overdue payments reported by
 * stream time alone, late ones as dead letters. The default rules hold payments of 50000 or more for
 * a person to process.
 */
class ReconcileTest {

    private final PaymentsApp payments = PaymentsApp.create(Fixtures.settings());
    private final AppTestDriver driver = AppTestDriver.create(payments.app());

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void shouldReconcileAProcessedPaymentWithItsReceivedAndItsLatency() {
        PaymentReceived payment = PaymentReceived.of("p-1", "acct-1", new java.math.BigDecimal("12.34"), "EUR",
                START.minusMillis(1500));

        driver.send(payments.received(), "p-1", payment, START.minusMillis(1500));

        List<Reconciled> reconciled = driver.readValues(payments.reconciled());
        assertEquals(1, reconciled.size());
        assertEquals(new Reconciled("p-1", "acct-1", new java.math.BigDecimal("12.34"), "EUR", "general",
                START.minusMillis(1500), START, 1500), reconciled.get(0));
        assertTrue(driver.isEmpty(payments.overdue()));
    }

    @Test
    void shouldReconcileEachPaymentOnceWhenItIsDeliveredTwice() {
        PaymentReceived payment = payment("p-1", "acct-1", "12.34", "EUR");

        driver.send(payments.received(), "p-1", payment);
        driver.send(payments.received(), "p-1", payment, START.plusSeconds(1));

        assertEquals(1, driver.readValues(payments.reconciled()).size());
    }

    @Test
    void shouldNeitherReconcileNorReportAnInvalidPayment() {
        driver.send(payments.received(), "p-1", payment("p-1", "acct-1", "-12.34", "EUR"));
        driver.advanceWallClock(Duration.ofMinutes(5));

        assertTrue(driver.isEmpty(payments.reconciled()));
        assertTrue(driver.isEmpty(payments.overdue()));
        assertEquals(1, driver.deadLetters().size());
    }

    @Test
    void shouldReportAHeldPaymentOverdueByStreamTimeAloneWhenNothingProcessesIt() {
        driver.send(payments.received(), "p-1", payment("p-1", "acct-1", "75000.00", "EUR"));
        assertTrue(driver.isEmpty(payments.processed()), "a held payment waits for a person");
        assertNotNull(driver.get(payments.pending(), "p-1"));

        driver.advanceWallClock(Duration.ofMinutes(5));
        assertTrue(driver.isEmpty(payments.overdue()), "no timer: the wall clock alone reports nothing");
        heldAt("p-2", START.plusSeconds(35));
        assertTrue(driver.isEmpty(payments.overdue()), "not before window (30 s) plus grace (5 s) of stream time");

        heldAt("p-3", START.plusSeconds(36)); // later payments move stream time past it
        List<Overdue> overdue = driver.readValues(payments.overdue());
        assertEquals(1, overdue.size());
        assertEquals("p-1", overdue.get(0).paymentId());
        assertEquals(START.plusSeconds(30), overdue.get(0).dueBy());
        assertEquals("not processed within PT30S (grace PT5S)", overdue.get(0).reason());
        assertNull(driver.get(payments.pending(), "p-1"));

        heldAt("p-4", START.plusSeconds(600));
        assertEquals(List.of("p-2", "p-3"), driver.readValues(payments.overdue()).stream().map(Overdue::paymentId)
                .toList(), "p-1 reported once");
        assertTrue(driver.isEmpty(payments.reconciled()));
    }

    @Test
    void shouldReconcileAHeldPaymentThatAPersonProcessesWithinTheWindow() {
        PaymentReceived payment = payment("p-1", "acct-1", "75000.00", "EUR");
        driver.send(payments.received(), "p-1", payment);

        driver.advanceWallClock(Duration.ofSeconds(20));
        Instant approvedAt = START.plusSeconds(20);
        driver.send(payments.processed(), "p-1", PaymentProcessed.of(payment, "manual-review", approvedAt), approvedAt);

        assertEquals(20_000, driver.readValues(payments.reconciled()).get(0).latencyMs());
        driver.advanceWallClock(Duration.ofMinutes(1));
        assertTrue(driver.isEmpty(payments.overdue()), "settled in time, so never overdue");
        assertEquals(1, driver.get(payments.balances(), "acct-1").payments());
    }

    @Test
    void shouldReportAPaymentProcessedAfterTheWindowOverdueAndNotReconciled() {
        Instant longAgo = START.minusSeconds(34); // read from a backlog, processed 34 s after it was received
        driver.send(payments.received(), "p-1",
                PaymentReceived.of("p-1", "acct-1", new java.math.BigDecimal("5.00"), "EUR", longAgo), longAgo);
        receivedAt("p-2", START.plusSeconds(2));

        assertEquals(2, driver.readValues(payments.processed()).size());
        Overdue overdue = driver.readValues(payments.overdue()).get(0);
        assertEquals("p-1", overdue.paymentId());
        assertEquals(List.of("p-2"), driver.readValues(payments.reconciled()).stream().map(Reconciled::paymentId)
                .toList());
    }

    @Test
    void shouldSendAReceivedPaymentPastItsWindowAndGraceToTheDeadLetterTopicAsLateAndStillProcessItOnce() {
        receivedAt("p-1", START);
        Instant tooOld = START.minusSeconds(40); // its window closed at -10 s, its grace at -5 s
        driver.send(payments.received(), "p-0",
                PaymentReceived.of("p-0", "acct-1", new java.math.BigDecimal("5.00"), "EUR", tooOld), tooOld);

        DeadLetter late = driver.deadLetters().get(0);
        assertEquals(DeadLetter.Kind.LATE, late.kind());
        assertEquals("reconcile", late.agent());
        assertEquals(tooOld.toString(), late.headers().get(DeadLetter.HEADER_EVENT_TIME));
        assertEquals(START.toString(), late.headers().get(DeadLetter.HEADER_STREAM_TIME));
        assertEquals(2, driver.get(payments.balances(), "acct-1").payments(), "late for reconciling, still counted");
        receivedAt("p-2", START.plusSeconds(120));
        assertTrue(driver.readValues(payments.overdue()).stream().noneMatch(o -> o.paymentId().equals("p-0")),
                "a late payment is a dead letter, never also overdue");
    }

    @Test
    void shouldReconcileEveryValidPaymentOrReportItOverdueOrLateButOnlyOneOfThem() {
        for (int i = 19; i >= 0; i--) {
            Instant receivedAt = START.minusSeconds(i * 5L); // 95 to 0 s before processing, oldest first
            driver.send(payments.received(), "p-" + i, PaymentReceived.of("p-" + i, "acct-1",
                    new java.math.BigDecimal("1.00"), "EUR", receivedAt), receivedAt);
        }
        receivedAt("p-last", START.plusSeconds(60)); // moves stream time past every window

        List<String> reconciled = driver.readValues(payments.reconciled()).stream().map(Reconciled::paymentId).toList();
        List<String> overdue = driver.readValues(payments.overdue()).stream().map(Overdue::paymentId).toList();
        List<String> late = driver.deadLetters().stream().map(DeadLetter::keyText).toList();
        assertEquals(7, reconciled.size() - 1, "received 0..30 s before processing: " + reconciled);
        assertEquals(List.of("p-19", "p-7"), overdue, "the first, 95 s before its processing, when nothing had moved"
                + " stream time yet; and the one 35 s before: in time, yet outside the window");
        assertEquals(11, late.size(), "received 40..90 s before stream time: " + late);
        assertEquals(20, reconciled.size() - 1 + overdue.size() + late.size(), "each once");
    }

    @Test
    void shouldWriteNothingToThePendingChangelogForAPaymentThatWasNeverHeld() {
        driver.send(payments.received(), "p-1", payment("p-1", "acct-1", "12.34", "EUR"));

        assertEquals(1, driver.readValues(payments.processed()).size());
        assertEquals(List.of(), pendingChangelog(), "watch-overdue leaves the pending table alone");
    }

    @Test
    void shouldStillRemoveAHeldPaymentFromThePendingTableWhenItIsProcessed() {
        PaymentReceived payment = payment("p-1", "acct-1", "75000.00", "EUR");
        driver.send(payments.received(), "p-1", payment);
        driver.send(payments.processed(), "p-1", PaymentProcessed.of(payment, "manual-review", START), START);

        assertNull(driver.get(payments.pending(), "p-1"));
        List<KeyValue<String, byte[]>> changelog = pendingChangelog();
        assertEquals(List.of("p-1", "p-1"), changelog.stream().map(record -> record.key).toList());
        assertNotNull(changelog.get(0).value, "held");
        assertNull(changelog.get(1).value, "settled: a tombstone");
        driver.advanceWallClock(Duration.ofMinutes(1));
        assertTrue(driver.isEmpty(payments.overdue()));
    }

    @Test
    void shouldNotReconcileAnInvalidReceivedPaymentEvenWhenAProcessedRecordArrivesForIt() {
        // the reconcile block validates on its own: processed records also come from outside the app
        PaymentReceived invalid = payment("p-1", "acct-1", "-12.34", "EUR");
        driver.send(payments.received(), "p-1", invalid);
        driver.send(payments.processed(), "p-1", PaymentProcessed.of(invalid, "manual-review", START), START);

        assertTrue(driver.isEmpty(payments.reconciled()));
    }

    @Test
    void shouldKeepEveryTableOnItsKeysPartitionWhenTheDriverPlaysThreePartitions() {
        PaymentsApp three = PaymentsApp.create(Fixtures.settings());
        try (AppTestDriver partitioned = AppTestDriver.create(three.app(), START, 3)) {
            for (int i = 0; i < 30; i++) {
                partitioned.send(three.received(), "p-" + i, payment("p-" + i, "acct-" + (i % 4), "10.00", "EUR"));
            }
            partitioned.send(three.received(), "p-held", payment("p-held", "acct-1", "75000.00", "EUR"));

            assertEquals(List.of(), partitioned.deadLetters(), "no agent or join uses a row of another partition");
            assertEquals(8, partitioned.get(three.balances(), "acct-0").payments());
            assertNotNull(partitioned.get(three.pending(), "p-held"));
        }
    }

    /** A valid payment received (and processed) at {@code at}: it moves stream time to there. */
    private void receivedAt(String paymentId, Instant at) {
        driver.advanceWallClock(Duration.between(driver.wallClock(), at).isNegative() ? Duration.ZERO
                : Duration.between(driver.wallClock(), at));
        driver.send(payments.received(), paymentId, PaymentReceived.of(paymentId, "acct-1",
                new java.math.BigDecimal("1.00"), "EUR", at), at);
    }

    /** A payment held for a person, received at {@code at}: it moves stream time, and processes nothing. */
    private void heldAt(String paymentId, Instant at) {
        driver.send(payments.received(), paymentId, PaymentReceived.of(paymentId, "acct-1",
                new java.math.BigDecimal("75000.00"), "EUR", at), at);
    }

    private List<KeyValue<String, byte[]>> pendingChangelog() {
        return driver.kafkaDriver().createOutputTopic(payments.app().applicationId() + "-"
                + payments.pending().name() + "-changelog", new StringDeserializer(), new ByteArrayDeserializer())
                .readKeyValuesToList();
    }
}
