package dev.mephisto;

import java.time.Instant;

/**
 * An agent's view of a {@link VersionedTable}: the part stored on this worker for the current record's
 * partition, with every row's history. Reads and writes default to the current record's time (its
 * event time when its topic says {@link Topic#withEventTime}); in a timer, the time it fired.
 *
 * <pre>{@code
 * LocalVersionedTable<String, Account> table = ctx.table(accounts);
 * table.put(id, account);                              // valid from this record's time on
 * Account then = table.get(id);                        // as it was at this record's time
 * Account lastMonth = table.asOf(id, Instant.parse("2026-10-01T00:00:00Z"));
 * }</pre>
 */
public interface LocalVersionedTable<K, V> {

    /** The row of {@code key} as it was at the current record's time, or {@code null}. */
    V get(K key);

    /**
     * The row of {@code key} as it was at {@code time}, or {@code null}: none then, or {@code time}
     * is further back than the table's history.
     */
    V asOf(K key, Instant time);

    /** The newest row of {@code key}, whatever its time, or {@code null}. */
    V latest(K key);

    /** Sets the row of {@code key} from the current record's time on; {@code null} deletes it from then on. */
    void put(K key, V value);

    /**
     * Sets the row of {@code key} from {@code validFrom} on; {@code null} deletes it from then on.
     *
     * @throws IllegalStateException naming the table, key and times when {@code validFrom} is further
     *     back than the table's history (Kafka Streams would drop the write)
     */
    void put(K key, V value, Instant validFrom);
}
