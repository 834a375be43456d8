package dev.mephisto;

/**
 * What a {@link Join} does with a match: called once per pair of records of the same key within the
 * window, when the second of the two arrives. It may send to the topics and use the tables its join
 * declares, like an agent; an exception sends the arriving record to the dead-letter topic.
 *
 * <pre>{@code
 * (paymentId, received, processed, ctx) -> ctx.send(reconciled, paymentId, Reconciled.of(received, processed))
 * }</pre>
 */
@FunctionalInterface
public interface JoinFunction<K, L, R> {

    void match(K key, L left, R right, AgentContext ctx) throws Exception;
}
