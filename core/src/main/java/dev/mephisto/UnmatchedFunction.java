package dev.mephisto;

/**
 * What a {@link Join} does with a record that found no match: called once, when stream time passes
 * the record's event time plus the window and the grace, so no record that is not late can match it
 * any more (an "overdue" check needs no timer of its own). {@link AgentContext#timestamp()} is the
 * stream time it fired at; there is no current record, so sends carry that time.
 *
 * <p>It is also what a {@link Lookup} does with a record whose key has no row ({@link Lookup#onMissing}):
 * there it is called at once, with the record current.
 *
 * <pre>{@code
 * (paymentId, received, ctx) -> ctx.send(overdue, paymentId, Overdue.of(received))
 * }</pre>
 */
@FunctionalInterface
public interface UnmatchedFunction<K, V> {

    void unmatched(K key, V value, AgentContext ctx) throws Exception;
}
