package dev.mephisto.payments;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * A received payment matched with its processed record within the reconciliation window, as
 * written to {@code payments-reconciled} (keyed by {@code paymentId}).
 *
 * <pre>{@code
 * Reconciled r = Reconciled.of(received, processed);   // r.latencyMs() = processedAt - receivedAt
 * }</pre>
 *
 * @param latencyMs processing latency: {@code processedAt - receivedAt} in milliseconds
 */
public record Reconciled(String paymentId, String accountId, BigDecimal amount, String currency, String ledger,
        Instant receivedAt, Instant processedAt, long latencyMs) {

    /** The match of a received payment and its processed record. */
    public static Reconciled of(PaymentReceived received, PaymentProcessed processed) {
        return new Reconciled(received.paymentId(), received.accountId(), received.amount(), received.currency(),
                processed.ledger(), received.receivedAt(), processed.processedAt(),
                Duration.between(received.receivedAt(), processed.processedAt()).toMillis());
    }
}
