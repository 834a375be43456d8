package dev.mephisto;

/**
 * Picks a record's new key, for {@link Topic#rekey(String, KeySelector, Codec)}.
 *
 * <pre>{@code
 * Source<String, Payment> byAccount =
 *         received.rekey("payments-by-account", (paymentId, payment) -> payment.accountId(), Codec.string());
 * }</pre>
 */
@FunctionalInterface
public interface KeySelector<K, V, R> {

    /** Returns the new key of a record. */
    R select(K key, V value) throws Exception;
}
