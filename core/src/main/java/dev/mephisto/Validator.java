package dev.mephisto;

/**
 * A topic's own check of a value, applied where values enter from outside: the HTTP ingress and
 * the CLI's {@code send}. Returns what is wrong, or {@code null} when the value is fine.
 *
 * <pre>{@code
 * Topic<String, Payment> received = app.topic(Topic.of("incoming_payment_received", Codec.string(),
 *                 Codec.json(Payment.class))
 *         .withValidator(p -> p.amount().signum() > 0 ? null : "amount must be positive")
 *         .withIngress(Payment::paymentId));
 * }</pre>
 */
@FunctionalInterface
public interface Validator<V> {

    /** What is wrong with {@code value}, in one sentence, or {@code null} when nothing is. */
    String problem(V value);
}
