package dev.mephisto.payments;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A received payment with no processed record within the reconciliation window, as written to
 * {@code payments-overdue} (keyed by {@code paymentId}).
 *
 * <pre>{@code
 * Overdue late = Overdue.of(received, deadline, detectedAt, "not processed by the deadline");
 * }</pre>
 *
 * @param dueBy {@code receivedAt} plus the reconciliation window: the latest time it counted as on time
 * @param detectedAt when the pipeline noticed
 * @param reason why it is overdue, one line
 */
public record Overdue(String paymentId, String accountId, BigDecimal amount, String currency, Instant receivedAt,
        Instant dueBy, Instant detectedAt, String reason) {

    /** An overdue notice for {@code payment}. */
    public static Overdue of(PaymentReceived payment, Instant dueBy, Instant detectedAt, String reason) {
        return new Overdue(payment.paymentId(), payment.accountId(), payment.amount(), payment.currency(),
                payment.receivedAt(), dueBy, detectedAt, reason);
    }
}
