package dev.mephisto;

/**
 * A declared stream–stream join: two sources of the same key joined by event time within a
 * {@link JoinWindow}, made by {@link App#join}. Like an {@link Agent}, it declares the topics its
 * functions send to and the tables they use; in the topology it is one processor named after it,
 * with two stores: {@code <name>-left} and {@code <name>-right} (records waiting for a match); when
 * each one's window closes is kept in memory and rebuilt from them when a task starts.
 *
 * <p>Each pair is reported once, also when a record is delivered again: a record identical to one the
 * join already holds (same key, event time and value) is dropped, and one delivered after its window
 * closed is late. The two sources must be co-partitioned (same key, same partition count); read a
 * topic keyed otherwise through {@link Topic#rekey} or {@link Topic#dedupe}.
 *
 * <pre>{@code
 * app.join("reconcile", received, processed, JoinWindow.within(Duration.ofSeconds(30)).withGrace(Duration.ofSeconds(5)),
 *         (paymentId, r, p, ctx) -> ctx.send(reconciled, paymentId, Reconciled.of(r, p)))
 *    .onUnmatchedLeft((paymentId, r, ctx) -> ctx.send(overdue, paymentId, Overdue.of(r)))
 *    .sendsTo(reconciled, overdue);
 * }</pre>
 *
 * @param <K> key type of both sides
 * @param <L> value type of the left side
 * @param <R> value type of the right side
 */
public interface Join<K, L, R> {

    /** The join's name: its processor's name and the prefix of its stores. */
    String name();

    /** Calls {@code function} once for each left record that found no right one within the window. */
    Join<K, L, R> onUnmatchedLeft(UnmatchedFunction<K, L> function);

    /** Calls {@code function} once for each right record that found no left one within the window. */
    Join<K, L, R> onUnmatchedRight(UnmatchedFunction<K, R> function);

    /**
     * Pairs each record with at most one record of the other side: the earliest waiting one within
     * the window. A matched pair leaves the join's stores at once, so a pair costs one stored record
     * (the first to arrive) and its removal, and neither is reported unmatched. For sides that each
     * carry an id once (a payment and its processed record); a copy of either that comes after the
     * pair matched finds nothing and waits as a new record, so read a side that may repeat through
     * {@link Topic#dedupe}. Without it, each record matches every record of the other side within the
     * window.
     */
    Join<K, L, R> oneToOne();

    /** Declares topics the join's functions may send to; each must be declared on the app. */
    Join<K, L, R> sendsTo(Topic<?, ?>... topics);

    /** Declares tables the join's functions read or write; each must be declared on the app. */
    Join<K, L, R> uses(Table<?, ?, ?>... tables);
}
