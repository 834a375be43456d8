package dev.mephisto.payments;

import dev.mephisto.testing.AppTestDriver;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** Payments and settings the unit tests share. */
final class Fixtures {

    /** Where the test driver's clocks start. */
    static final Instant START = AppTestDriver.DEFAULT_START;

    private Fixtures() {
    }

    /** Default rules, a 30 s window with 5 s grace, a one-hour dedup retention. */
    static PaymentsSettings settings() {
        return PaymentsSettings.defaults()
                .withReconcileWindow(Duration.ofSeconds(30))
                .withReconcileGrace(Duration.ofSeconds(5))
                .withDedupRetention(Duration.ofHours(1));
    }

    /** A valid payment received at the test start. */
    static PaymentReceived payment(String paymentId, String accountId, String amount, String currency) {
        return PaymentReceived.of(paymentId, accountId, new BigDecimal(amount), currency, START);
    }
}
