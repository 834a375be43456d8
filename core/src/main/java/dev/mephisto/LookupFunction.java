package dev.mephisto;

/**
 * What a {@link Lookup} does with a record whose key has a row in the table: called with the record
 * and the row (for a {@link VersionedTable}, the row as it was at the record's event time). It may
 * send to the topics and use the tables its lookup declares, like an agent; an exception sends the
 * record to the dead-letter topic.
 *
 * <pre>{@code
 * (accountId, payment, account, ctx) -> ctx.send(enriched, accountId, Enriched.of(payment, account))
 * }</pre>
 */
@FunctionalInterface
public interface LookupFunction<K, V, R> {

    void found(K key, V value, R row, AgentContext ctx) throws Exception;
}
