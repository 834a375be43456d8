package dev.mephisto.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulate command's traffic and arguments (its runs against a broker are in SimulateIT). */
class SimulateTest {

    private final PaymentRules rules = PaymentRules.defaults();

    @Test
    void shouldMakeTheAskedSharesOfInvalidAndDuplicatePayments() {
        TrafficGenerator traffic = new TrafficGenerator("sim-test", 10, 10, 20, rules, new Random(42));
        Set<String> validIds = new HashSet<>();
        BigDecimal eurSent = BigDecimal.ZERO;
        for (int i = 0; i < 10_000; i++) {
            TrafficGenerator.Next next = traffic.next(Instant.parse("2026-01-01T00:00:00Z"));
            PaymentReceived payment = next.payment();
            switch (next.kind()) {
                case INVALID -> assertFalse(rules.isValid(payment), payment.toString());
                case DUPLICATE -> assertTrue(validIds.contains(payment.paymentId()), "a duplicate repeats a payment");
                default -> {
                    assertTrue(rules.isValid(payment), rules.violations(payment).toString());
                    assertTrue(validIds.add(payment.paymentId()), "a new payment has a new id");
                    if (payment.currency().equals("EUR")) {
                        eurSent = eurSent.add(payment.amount());
                    }
                }
            }
        }

        assertEquals(1000, traffic.count(TrafficGenerator.Kind.INVALID), 100);
        assertEquals(2000, traffic.count(TrafficGenerator.Kind.DUPLICATE), 150);
        BigDecimal eurExpected = traffic.expectedBalances().values().stream().map(b -> b.total("EUR"))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(0, eurSent.compareTo(eurExpected), "expected balances sum every distinct valid payment");
    }

    @Test
    void shouldRefuseSharesAboveOneHundredPercentBeforeConnecting() {
        StringWriter err = new StringWriter();
        int code = PaymentsMain.cli(settings -> PaymentsApp.create(Fixtures.settings()))
                .env(Map.of()).out(new PrintWriter(new StringWriter())).err(new PrintWriter(err))
                .run("simulate", "--invalid", "60%", "--duplicates", "50%");

        assertEquals(1, code);
        assertEquals("error: --invalid plus --duplicates is 110.0%, more than 100%: lower one of them",
                err.toString().trim());
    }

    @Test
    void shouldExplainAShareThatIsNotANumber() {
        StringWriter err = new StringWriter();
        int code = PaymentsMain.cli(settings -> PaymentsApp.create(Fixtures.settings()))
                .env(Map.of()).out(new PrintWriter(new StringWriter())).err(new PrintWriter(err))
                .run("simulate", "--invalid", "some");

        assertEquals(1, code);
        assertEquals("error: --invalid is 'some': give a share such as 5% or 0.5", err.toString().trim());
    }
}
