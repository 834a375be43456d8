package dev.mephisto.payments;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A payment attributed to a ledger, as written to {@code incoming_payment_processed} (keyed by
 * {@code paymentId}): every field of the {@link PaymentReceived}, plus the ledger and when it was
 * processed.
 *
 * <pre>{@code
 * PaymentProcessed done = PaymentProcessed.of(received, "groceries", Instant.now());
 * }</pre>
 *
 * @param ledger the ledger the attribution rules chose
 * @param processedAt when the payment was attributed
 */
public record PaymentProcessed(String paymentId, String accountId, BigDecimal amount, String currency,
        Instant receivedAt, String merchant, String merchantCategory, String reference, String ledger,
        Instant processedAt) {

    /** The received payment, attributed to {@code ledger} at {@code processedAt}. */
    public static PaymentProcessed of(PaymentReceived payment, String ledger, Instant processedAt) {
        return new PaymentProcessed(payment.paymentId(), payment.accountId(), payment.amount(), payment.currency(),
                payment.receivedAt(), payment.merchant(), payment.merchantCategory(), payment.reference(), ledger,
                processedAt);
    }
}
