package dev.mephisto.payments;

/**
 * What the {@code payments-seen} table keeps per paymentId to process duplicate deliveries once.
 *
 * <pre>{@code
 * new SeenPayment(ctx.wallClockMillis(), payment.fingerprint())
 * }</pre>
 *
 * @param firstSeenAt wall-clock epoch milliseconds of the first delivery; the entry is purged a
 *     retention after it
 * @param fingerprint {@link PaymentReceived#fingerprint()} of the first delivery
 */
public record SeenPayment(long firstSeenAt, String fingerprint) {
}
