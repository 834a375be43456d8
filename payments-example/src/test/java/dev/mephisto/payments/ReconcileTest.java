package dev.mephisto.payments;

import static dev.mephisto.payments.Fixtures.START;
import static dev.mephisto.payments.Fixtures.payment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Reconciliation: the windowed join of received with processed, and overdue payments reported by
 * time alone. The default rules hold payments of 50000 or more for a person to process.
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
    void shouldReportAHeldPaymentOverdueByTimeAloneWhenNothingProcessesIt() {
        driver.send(payments.received(), "p-1", payment("p-1", "acct-1", "75000.00", "EUR"));
        assertTrue(driver.isEmpty(payments.processed()), "a held payment waits for a person");
        assertNotNull(driver.get(payments.pending(), "p-1"));

        driver.advanceWallClock(Duration.ofSeconds(34));
        assertTrue(driver.isEmpty(payments.overdue()), "not before window (30 s) plus grace (5 s)");

        driver.advanceWallClock(Duration.ofSeconds(2)); // no record is sent: the wall clock alone
        List<Overdue> overdue = driver.readValues(payments.overdue());
        assertEquals(1, overdue.size());
        assertEquals("p-1", overdue.get(0).paymentId());
        assertEquals(START.plusSeconds(30), overdue.get(0).dueBy());
        assertEquals(START.plusSeconds(36), overdue.get(0).detectedAt());
        assertNull(driver.get(payments.pending(), "p-1"));

        driver.advanceWallClock(Duration.ofMinutes(5));
        assertTrue(driver.isEmpty(payments.overdue()), "reported once");
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
        Instant longAgo = START.minusSeconds(90); // read from a backlog, a minute and a half late
        driver.send(payments.received(), "p-1",
                PaymentReceived.of("p-1", "acct-1", new java.math.BigDecimal("5.00"), "EUR", longAgo), longAgo);

        assertEquals(1, driver.readValues(payments.processed()).size());
        Overdue overdue = driver.readValues(payments.overdue()).get(0);
        assertEquals("processed late: 90000 ms after it was received", overdue.reason());
        assertTrue(driver.isEmpty(payments.reconciled()));
    }

    @Test
    void shouldReconcileEveryValidPaymentOrReportItOverdueButNeverBoth() {
        for (int i = 0; i < 20; i++) {
            Instant receivedAt = START.minusSeconds(i * 5L); // 0 to 95 s before processing
            driver.send(payments.received(), "p-" + i, PaymentReceived.of("p-" + i, "acct-1",
                    new java.math.BigDecimal("1.00"), "EUR", receivedAt), receivedAt);
        }

        List<String> reconciled = driver.readValues(payments.reconciled()).stream().map(Reconciled::paymentId).toList();
        List<String> overdue = driver.readValues(payments.overdue()).stream().map(Overdue::paymentId).toList();
        assertEquals(7, reconciled.size(), "received 0..30 s before processing: " + reconciled);
        assertEquals(13, overdue.size(), "received more than 30 s before: " + overdue);
        assertTrue(reconciled.stream().noneMatch(overdue::contains));
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

    private List<KeyValue<String, byte[]>> pendingChangelog() {
        return driver.kafkaDriver().createOutputTopic(payments.app().applicationId() + "-"
                + payments.pending().name() + "-changelog", new StringDeserializer(), new ByteArrayDeserializer())
                .readKeyValuesToList();
    }
}
