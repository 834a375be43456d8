package dev.mephisto;

/**
 * A declared stream–table lookup (a stream–table join): each record of a source is enriched with the
 * row of its key in a table, made by {@link App#lookup}. From a {@link KeyValueTable} it gets the row
 * as it is now; from a {@link VersionedTable}, the row as it was at the record's event time, so a
 * payment replayed next week still sees the account as it was when it was paid.
 *
 * <p>A record whose key has no row goes to {@link #onMissing}; without one it is a dead letter
 * ({@code rejected}) naming the lookup, table, key and time. Like an {@link Agent}, a lookup declares
 * the topics it sends to and the tables it uses besides its own; in the topology it is one processor
 * named after it. The source and the table must be co-partitioned: same key codec, and every source
 * of every agent that uses the table with the same partition count (checked when the app compiles).
 *
 * <pre>{@code
 * app.lookup("enrich", payments, accounts,
 *         (accountId, payment, account, ctx) -> ctx.send(enriched, accountId, Enriched.of(payment, account)))
 *    .onMissing((accountId, payment, ctx) -> ctx.send(unknownAccount, accountId, payment))
 *    .sendsTo(enriched, unknownAccount);
 * }</pre>
 *
 * @param <K> key type of the source and the table
 * @param <V> value type of the source
 * @param <R> value type of the table's rows
 */
public interface Lookup<K, V, R> {

    /** The lookup's name: its processor's name. */
    String name();

    /** Calls {@code function} for each record whose key has no row (at its time, for a versioned table). */
    Lookup<K, V, R> onMissing(UnmatchedFunction<K, V> function);

    /** Declares topics the lookup's functions may send to; each must be declared on the app. */
    Lookup<K, V, R> sendsTo(Topic<?, ?>... topics);

    /** Declares tables the lookup's functions use besides the one it looks up in. */
    Lookup<K, V, R> uses(Table<?, ?, ?>... tables);
}
