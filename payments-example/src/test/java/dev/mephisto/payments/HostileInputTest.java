package dev.mephisto.payments;

import static dev.mephisto.payments.Fixtures.payment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.DeadLetter;
import dev.mephisto.ProcessingGuarantee;
import dev.mephisto.testing.AppTestDriver;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Payments crafted to break the worker (issue 12, items 1 and 7): each ends as one small dead letter
 * with its reason, nothing of it is processed or counted, and the good payments around it are
 * processed once.
 */
class HostileInputTest {

    /** The three huge-exponent amounts and the far-future receivedAt, as a producer would write them. */
    static final Map<String, String> CRAFTED = Map.of(
            "x1", crafted("x1", "1e999999999", "2026-01-01T00:00:00Z"),
            "x2", crafted("x2", "-1e999999999", "2026-01-01T00:00:00Z"),
            "x3", crafted("x3", "1e-999999999", "2026-01-01T00:00:00Z"),
            "x4", crafted("x4", "12.50", "+999999999-12-31T23:59:59Z"));

    /** What each crafted payment's dead letter says. */
    static final Map<String, String> REASONS = Map.of(
            "x1", "field amount: number with scale -999999999 (an exponent of 999999999) is out of range: at most"
                    + " 1000 digits either side of the point",
            "x2", "field amount: number with scale -999999999 (an exponent of 999999999) is out of range",
            "x3", "field amount: number with scale 999999999 (999999999 digits after the point) is out of range",
            "x4", "field receivedAt: instant +999999999-12-31T23:59:59Z is out of range: years 0001 to 9999");

    static String crafted(String id, String amount, String receivedAt) {
        return "{\"paymentId\":\"" + id + "\",\"accountId\":\"a\",\"amount\":" + amount
                + ",\"currency\":\"EUR\",\"receivedAt\":\"" + receivedAt + "\"}";
    }

    // at-least-once: under exactly-once the test driver drops decode dead letters (see AttributeTest);
    // PaymentsHostileInputIT checks them under exactly-once on a real broker
    private final PaymentsApp payments =
            PaymentsApp.create(Fixtures.settings().withGuarantee(ProcessingGuarantee.AT_LEAST_ONCE));
    private final AppTestDriver driver = AppTestDriver.create(payments.app());

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void shouldDeadLetterCraftedPaymentsWithTheirReasonAndProcessTheGoodOnesAroundThemOnce() {
        List<String> order = List.of("g-1", "x1", "g-2", "x2", "x3", "g-3", "x4", "g-4");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String id : order) {
                byte[] value = id.startsWith("x") ? CRAFTED.get(id).getBytes(StandardCharsets.UTF_8)
                        : payments.received().valueCodec().encode(payment(id, "a", "10.25", "EUR"));
                driver.sendBytes(payments.received(), id.getBytes(StandardCharsets.UTF_8), value);
            }
        }, "crafted payments must not take the worker's time or memory");

        List<DeadLetter> letters = driver.deadLetters();
        assertEquals(List.of("x1", "x2", "x3", "x4"), letters.stream().map(DeadLetter::keyText).toList());
        for (DeadLetter letter : letters) {
            assertEquals(DeadLetter.Kind.DECODE, letter.kind(), letter.toString());
            assertEquals("incoming_payment_received", letter.topic());
            assertEquals(order.indexOf(letter.keyText()), letter.offset(), "the dead letter's coordinates");
            assertTrue(letter.message().contains(REASONS.get(letter.keyText())), letter.message());
            assertEquals(CRAFTED.get(letter.keyText()), letter.valueText(), "the original record, unchanged");
            assertTrue(letter.value().length + letter.message().length() < 2_000, "a small dead letter");
        }
        assertEquals(List.of("g-1", "g-2", "g-3", "g-4"),
                driver.readValues(payments.processed()).stream().map(PaymentProcessed::paymentId).toList());
        Balance balance = driver.get(payments.balances(), "a");
        assertEquals(4, balance.payments());
        assertEquals(new BigDecimal("41.00"), balance.total("EUR"));
        assertTrue(driver.isEmpty(payments.overdue()));
    }

    @Test
    void shouldRejectAHugeAmountMadeInCodeWithAShortReasonWhateverTheRulesFileSays() {
        PaymentReceived huge = payment("x1", "a", "1e999999999", "EUR");
        PaymentReceived tiny = payment("x3", "a", "1e-999999999", "EUR");
        PaymentReceived negative = payment("x2", "a", "-1e999999999", "EUR");
        PaymentRules onlyRequired = PaymentRules.parse("{\"validation\": [{\"check\": \"required\", \"field\":"
                + " \"paymentId\"}], \"ledgers\": [{\"ledger\": \"general\"}]}", "minimal rules");

        List<String> defaults = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> PaymentRules.defaults().violations(huge));
        List<String> minimal = onlyRequired.violations(huge);

        assertEquals(List.of("amount 1E+999999999 exceeds the limit of 10000000",
                "amount 1E+999999999 is out of range: at most 18 digits before the decimal point"), defaults);
        assertEquals(List.of("amount 1E+999999999 is out of range: at most 18 digits before the decimal point"),
                minimal);
        assertEquals(List.of("amount 1E-999999999 has more decimals than EUR allows (2)"),
                onlyRequired.violations(tiny));
        assertEquals(List.of("amount must be positive, got -1E+999999999",
                        "amount -1E+999999999 is out of range: at most 18 digits before the decimal point"),
                PaymentRules.defaults().violations(negative));
    }

    @Test
    void shouldRejectWhatTheBalanceCannotCountEvenWhenTheRulesFileOmitsTheRule() {
        PaymentsSettings lax = Fixtures.settings().withRules(PaymentRules.parse("{\"validation\": [],"
                + " \"ledgers\": [{\"ledger\": \"general\"}]}", "lax rules"));
        PaymentsApp laxPayments = PaymentsApp.create(lax);
        try (AppTestDriver laxDriver = AppTestDriver.create(laxPayments.app())) {
            laxDriver.send(laxPayments.received(), "p-1", payment("p-1", "a", "10.001", "EUR"));
            laxDriver.send(laxPayments.received(), "p-2", payment("p-2", "a", "10", "XYZ"));
            laxDriver.send(laxPayments.received(), "p-3", PaymentReceived.of("p-3", "a", BigDecimal.ONE, "EUR", null));
            laxDriver.send(laxPayments.received(), "p-4", payment("p-4", "a", "1.50", "EUR"));

            assertEquals(List.of("invalid payment: amount 10.001 has more decimals than EUR allows (2)",
                    "invalid payment: currency 'XYZ' is not an ISO 4217 code",
                    "topic 'incoming_payment_received' partition 0 offset 2: event-time field 'receivedAt' is missing"
                            + " or null, so the record has no event time; producers must set 'receivedAt' (or drop"
                            + " withEventTime(...) from topic 'incoming_payment_received' to use the record timestamp)"),
                    laxDriver.deadLetters().stream().map(DeadLetter::message).toList());
            assertEquals(List.of("p-4"), laxDriver.readValues(laxPayments.processed()).stream()
                    .map(PaymentProcessed::paymentId).toList());
            assertEquals(new BigDecimal("1.50"), laxDriver.get(laxPayments.balances(), "a").total("EUR"));
        }
    }

    @Test
    void shouldProcessPaymentsAtTheEdgesOfTheDateRangeOnceAndRejectThosePastThem() {
        driver.send(payments.received(), "p-last", dated("p-last", "8999-12-31T23:59:59.999Z"));
        driver.send(payments.received(), "p-first", dated("p-first", "1970-01-01T00:00:00Z"));
        driver.send(payments.received(), "p-late", dated("p-late", "9000-01-01T00:00:00Z"));
        driver.send(payments.received(), "p-early", dated("p-early", "1969-12-31T23:59:59.999Z"));

        assertEquals(List.of("p-last", "p-first"), driver.readValues(payments.processed()).stream()
                .map(PaymentProcessed::paymentId).toList());
        List<DeadLetter> letters = driver.deadLetters();
        assertEquals(List.of(
                "invalid payment: receivedAt 9000-01-01T00:00:00Z is out of range: from 1970-01-01T00:00:00Z to before"
                        + " 9000-01-01T00:00:00Z",
                "topic 'incoming_payment_received' partition 0 offset 3: event-time field 'receivedAt' is"
                        + " 1969-12-31T23:59:59.999Z, before 1970-01-01T00:00:00Z, which a Kafka timestamp cannot carry;"
                        + " producers must send a later time"),
                letters.stream().filter(letter -> letter.kind() == DeadLetter.Kind.REJECTED).map(DeadLetter::message)
                        .toList());
        // the year-8999 payment moved the join's stream time: everything after it is late for reconciling
        assertTrue(letters.stream().filter(letter -> letter.kind() != DeadLetter.Kind.REJECTED)
                .allMatch(letter -> letter.kind() == DeadLetter.Kind.LATE), letters.toString());
        assertTrue(driver.isEmpty(payments.reconciled()));
        assertEquals(new BigDecimal("10.00"), driver.get(payments.balances(), "a").total("EUR"));
    }

    private static PaymentReceived dated(String id, String receivedAt) {
        return PaymentReceived.of(id, "a", new BigDecimal("5.00"), "EUR", Instant.parse(receivedAt));
    }
}
