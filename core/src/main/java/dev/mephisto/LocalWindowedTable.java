package dev.mephisto;

import java.time.Duration;
import java.time.Instant;
import java.util.SortedMap;
import java.util.function.BiFunction;

/**
 * An agent's view of a {@link WindowedTable}, with Faust's reads. Writes go to every window that
 * contains the current event's timestamp (one for tumbling windows, several for hopping ones, the
 * key's session for session windows); windows that already closed take no writes, and a write for a
 * record whose windows have all closed throws: the record becomes a dead letter of kind {@code late}.
 *
 * <pre>{@code
 * LocalWindowedTable<String, Long> clicks = ctx.table(clicksPerMinute);
 * clicks.merge(page, 1L, Long::sum);
 * long thisMinute = clicks.current(page);         // the window of this event
 * long aMinuteAgo = clicks.delta(page, Duration.ofMinutes(1));
 * }</pre>
 */
public interface LocalWindowedTable<K, V> {

    /**
     * The value in the window of the current event's timestamp (for hopping windows, the most
     * recent window that contains it), or {@code null}.
     */
    V current(K key);

    /** The value in the window that contains the wall clock's now, or {@code null}. */
    V now(K key);

    /** The value in the window that contained the current event's timestamp minus {@code ago}. */
    V delta(K key, Duration ago);

    /** The value in the window that contains {@code time}, or {@code null}. */
    V at(K key, Instant time);

    /** Sets the value for {@code key} in every window of the current event. */
    void put(K key, V value);

    /**
     * In every window of the current event: stores {@code value} when the key is absent there,
     * else {@code remapping(old, value)}. Returns the new value of {@link #current(Object)}.
     */
    V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping);

    /** Every retained window of {@code key} with its value, oldest first. */
    SortedMap<WindowRange, V> windows(K key);
}
