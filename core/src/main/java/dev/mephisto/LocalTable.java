package dev.mephisto;

import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * An agent's view of a {@link KeyValueTable}: the part stored on this worker for the current record's
 * partition. Get one with {@link AgentContext#table(Table)}. Writes go to the table's changelog;
 * under exactly-once they commit together with the record that caused them.
 *
 * <pre>{@code
 * LocalTable<String, Long> counts = ctx.table(wordCounts);
 * long now = counts.merge(word, 1L, Long::sum);
 * }</pre>
 */
public interface LocalTable<K, V> {

    /** The value for {@code key}, or {@code null}. */
    V get(K key);

    /** The value for {@code key}, or {@code fallback} when there is none. */
    default V getOrDefault(K key, V fallback) {
        V value = get(key);
        return value == null ? fallback : value;
    }

    /** Sets the value for {@code key}; {@code null} deletes it. */
    void put(K key, V value);

    /** Removes {@code key}; returns the value it had, or {@code null}. */
    V delete(K key);

    /**
     * Like {@link java.util.Map#merge}: stores {@code value} when the key is absent, else
     * {@code remapping(old, value)}; a {@code null} result deletes the key. Returns the new value.
     */
    V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping);

    /** Visits every entry of this local part, in key-byte order. */
    void forEach(BiConsumer<? super K, ? super V> action);
}
