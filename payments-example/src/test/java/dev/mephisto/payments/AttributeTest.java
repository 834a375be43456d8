package dev.mephisto.payments;

import static dev.mephisto.payments.Fixtures.START;
import static dev.mephisto.payments.Fixtures.payment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.DeadLetter;
import dev.mephisto.ProcessingGuarantee;
import dev.mephisto.testing.AppTestDriver;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The attribute agent: validation by the rules, attribution to ledgers, and duplicates processed once. */
class AttributeTest {

    private final PaymentsApp payments = PaymentsApp.create(Fixtures.settings());
    private final AppTestDriver driver = AppTestDriver.create(payments.app());

    @AfterEach
    void close() {
        driver.close();
    }

    @ParameterizedTest(name = "{1} {2} with category {3} -> {4}")
    @CsvSource(nullValues = "none", value = {
            "p-1, 25.10, EUR, 5411, groceries",
            "p-2, 300.00, USD, 4511, travel",
            "p-3, 42.00, GBP, 5812, restaurants",
            "p-4, 12000.00, EUR, 5999, high-value",
            "p-5, 9.99, CHF, none, small-payments",
            "p-6, 150, JPY, none, general",
            "p-7, 120.500, BHD, 7999, general"})
    void shouldAttributeEachValidPaymentToTheLedgerTheFirstMatchingRuleNames(String id, String amount,
            String currency, String category, String ledger) {
        PaymentReceived payment = payment(id, "acct-1", amount, currency).withMerchant("shop", category);

        driver.send(payments.received(), id, payment);

        List<PaymentProcessed> processed = driver.readValues(payments.processed());
        assertEquals(1, processed.size());
        assertEquals(ledger, processed.get(0).ledger());
        assertEquals(new BigDecimal(amount), processed.get(0).amount());
        assertEquals(START, processed.get(0).processedAt(), "processedAt is the worker's wall clock");
        assertEquals(List.of(), driver.deadLetters());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "negative amount         | p-1 | acct-1 | -5.00    | EUR | amount must be positive, got -5.00",
            "zero amount             | p-1 | acct-1 | 0.00     | EUR | amount must be positive, got 0.00",
            "cents on yen            | p-1 | acct-1 | 100.5    | JPY | amount 100.5 has more decimals than JPY allows (0)",
            "a tenth of a cent       | p-1 | acct-1 | 10.005   | EUR | amount 10.005 has more decimals than EUR allows (2)",
            "not an ISO code         | p-1 | acct-1 | 10.00    | EURO | currency 'EURO' is not an ISO 4217 code",
            "ISO but not accepted    | p-1 | acct-1 | 10.00    | AUD | currency AUD is not accepted here",
            "blank account           | p-1 | '  '   | 10.00    | EUR | accountId is required and must not be blank",
            "over the limit          | p-1 | acct-1 | 20000000 | EUR | amount 20000000 exceeds the limit of 10000000"})
    void shouldSendAnInvalidPaymentToTheDeadLetterTopicWithTheReasonAndNothingElse(String what, String id,
            String account, String amount, String currency, String reason) {
        driver.send(payments.received(), id, payment(id, account, amount, currency));

        List<DeadLetter> letters = driver.deadLetters();
        assertEquals(1, letters.size(), what);
        assertEquals(DeadLetter.Kind.REJECTED, letters.get(0).kind());
        assertEquals("attribute", letters.get(0).agent());
        assertEquals("payments-received-once-repartition", letters.get(0).topic(), "attribute reads the deduplicated payments");
        assertTrue(letters.get(0).message().contains(reason), letters.get(0).message());
        assertTrue(driver.isEmpty(payments.processed()), "an invalid payment is not processed");
        assertTrue(driver.isEmpty(payments.overdue()), "an invalid payment is never overdue");
        assertTrue(driver.contents(payments.balances()).isEmpty());
    }

    @Test
    void shouldNameEveryBrokenRuleInOneDeadLetter() {
        PaymentReceived broken = new PaymentReceived("p-1", "", new BigDecimal("-1.234"), "EUR", Fixtures.START, null,
                "12", null);

        driver.send(payments.received(), "p-1", broken);

        assertEquals("invalid payment: accountId is required and must not be blank; amount must be positive, got"
                + " -1.234; amount -1.234 has more decimals than EUR allows (2); merchantCategory '12' does not match"
                + " [0-9]{4}", driver.deadLetters().get(0).message());
    }

    @Test
    void shouldSendAPaymentWithoutReceivedAtToTheDeadLetterTopicNamingTheField() {
        driver.send(payments.received(), "p-1", new PaymentReceived("p-1", "acct-1", new BigDecimal("1.00"), "EUR",
                null, null, null, null));

        DeadLetter letter = driver.deadLetters().get(0);
        assertEquals(DeadLetter.Kind.REJECTED, letter.kind());
        assertTrue(letter.message().startsWith("topic 'incoming_payment_received' partition 0 offset 0: event-time field"
                + " 'receivedAt' is missing or null"), letter.message());
        assertTrue(driver.isEmpty(payments.processed()));
    }

    @Test
    void shouldAcceptTrailingZerosBeyondTheMinorUnits() {
        driver.send(payments.received(), "p-1", payment("p-1", "acct-1", "10.500", "EUR"));
        driver.send(payments.received(), "p-2", payment("p-2", "acct-1", "1200.0", "JPY"));

        assertEquals(2, driver.readValues(payments.processed()).size());
        assertEquals(List.of(), driver.deadLetters());
    }

    @Test
    void shouldSendARecordThatIsNotAPaymentToTheDeadLetterTopic() {
        // at-least-once here: under exactly-once the test driver drops decode dead letters (see CORE-REQUESTS.md);
        // PaymentsKillIT checks them under exactly-once on a real cluster
        PaymentsApp atLeastOnce = PaymentsApp.create(Fixtures.settings().withGuarantee(ProcessingGuarantee.AT_LEAST_ONCE));
        try (AppTestDriver aloDriver = AppTestDriver.create(atLeastOnce.app())) {
            aloDriver.sendBytes(atLeastOnce.received(), "p-1".getBytes(StandardCharsets.UTF_8),
                    "{\"paymentId\": \"p-1\", \"amount\": \"lots\"}".getBytes(StandardCharsets.UTF_8));
            aloDriver.send(atLeastOnce.received(), "p-2", payment("p-2", "acct-1", "1.00", "EUR"));

            DeadLetter letter = aloDriver.deadLetters().get(0);
            assertEquals(DeadLetter.Kind.DECODE, letter.kind());
            assertEquals("p-1", letter.keyText());
            assertTrue(letter.message().contains("Cannot deserialize value of type `java.math.BigDecimal` from String"
                    + " \"lots\""), letter.message());
            assertEquals(List.of("p-2"), aloDriver.readValues(atLeastOnce.processed()).stream()
                    .map(PaymentProcessed::paymentId).toList());
        }
    }

    @Test
    void shouldProcessAPaymentOnceByItsPaymentIdWhateverItsRecordKey() {
        PaymentReceived payment = payment("p-1", "acct-1", "10.00", "EUR");
        driver.send(payments.received(), "p-other", payment);
        driver.send(payments.received(), null, payment);

        assertEquals(List.of("p-1"), driver.readKeyValues(payments.processed()).stream().map(kv -> kv.key).toList());
        assertEquals(List.of(), driver.deadLetters());
    }

    @Test
    void shouldProcessADuplicateDeliveryOnce() {
        PaymentReceived payment = payment("p-1", "acct-1", "10.00", "EUR");

        driver.send(payments.received(), "p-1", payment);
        driver.advanceWallClock(Duration.ofMinutes(5));
        driver.send(payments.received(), "p-1", payment);
        driver.send(payments.received(), "p-1", payment.withAmount(new BigDecimal("10.0")));

        assertEquals(1, driver.readValues(payments.processed()).size());
        assertEquals(List.of(), driver.deadLetters(), "a redelivery is not an error");
        assertEquals(1, driver.get(payments.balances(), "acct-1").payments());
    }

    @Test
    void shouldRejectARedeliveryThatSaysSomethingElse() {
        driver.send(payments.received(), "p-1", payment("p-1", "acct-1", "10.00", "EUR"));
        driver.send(payments.received(), "p-1", payment("p-1", "acct-1", "99.00", "EUR"));

        assertEquals(1, driver.readValues(payments.processed()).size());
        String reason = driver.deadLetters().get(0).message();
        assertEquals("conflicting copy: id 'p-1' was first seen at 2026-01-01T00:00:00Z as 'p-1|acct-1|10|EUR', this"
                + " record says 'p-1|acct-1|99|EUR' (dedupe 'received-once'); one id must mean one record", reason);
        assertEquals(new BigDecimal("10.00"), driver.get(payments.balances(), "acct-1").total("EUR"));
    }

    @Test
    void shouldForgetAPaymentIdOnceStreamTimeHasPassedTheDedupRetention() {
        PaymentReceived payment = payment("p-1", "acct-1", "10.00", "EUR");
        driver.send(payments.received(), "p-1", payment);
        Instant later = Fixtures.START.plus(Duration.ofMinutes(59));
        driver.send(payments.received(), "p-2", PaymentReceived.of("p-2", "acct-1", BigDecimal.ONE, "EUR", later), later);
        driver.send(payments.received(), "p-1", payment);
        assertEquals(2, driver.readValues(payments.processed()).size(), "p-1 remembered within the retention (1 h)");

        Instant past = Fixtures.START.plus(Duration.ofMinutes(61));
        driver.send(payments.received(), "p-3", PaymentReceived.of("p-3", "acct-1", BigDecimal.ONE, "EUR", past), past);
        driver.send(payments.received(), "p-1", payment);
        assertEquals(List.of("p-3", "p-1"), driver.readKeyValues(payments.processed()).stream().map(kv -> kv.key)
                .toList(), "a replay older than the retention is processed again: the promise holds within it");
    }

    @Test
    void shouldFollowRulesLoadedFromDataWithoutACodeChange() {
        PaymentRules rules = PaymentRules.parse("""
                {"validation": [{"check": "required", "field": "accountId"},
                                {"check": "currencyIn", "currencies": ["CHF"]},
                                {"check": "positiveAmount"}],
                 "ledgers": [{"ledger": "corporate", "accountPrefix": "corp-"},
                             {"ledger": "retail"}]}
                """, "test rules");
        PaymentsApp custom = PaymentsApp.create(Fixtures.settings().withRules(rules));
        try (AppTestDriver customDriver = AppTestDriver.create(custom.app())) {
            customDriver.send(custom.received(), "p-1", payment("p-1", "corp-7", "10.00", "CHF"));
            customDriver.send(custom.received(), "p-2", payment("p-2", "jane", "10.00", "CHF"));
            customDriver.send(custom.received(), "p-3", payment("p-3", "jane", "10.00", "EUR"));

            assertEquals(List.of("corporate", "retail"), customDriver.readValues(custom.processed()).stream()
                    .map(PaymentProcessed::ledger).toList());
            assertTrue(customDriver.deadLetters().get(0).message().contains("currency EUR is not accepted here"));
        }
    }
}
