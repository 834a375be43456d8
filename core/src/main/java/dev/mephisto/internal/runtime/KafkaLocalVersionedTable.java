package dev.mephisto.internal.runtime;

import dev.mephisto.LocalVersionedTable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.VersionedRecord;

/** The {@link LocalVersionedTable} of a {@link dev.mephisto.VersionedTable}: over the task's versioned store. */
final class KafkaLocalVersionedTable<K, V> implements LocalVersionedTable<K, V> {

    private final String name;
    private final VersionedKeyValueStore<K, V> store;
    private final Duration history;
    private final LongSupplier recordTime;
    private final Consumer<K> keyCheck;

    /**
     * @param recordTime the current record's time (a timer's when it fires)
     * @param keyCheck runs for every key used, or {@code null}: the test driver's co-partitioning check
     */
    KafkaLocalVersionedTable(String name, VersionedKeyValueStore<K, V> store, Duration history,
            LongSupplier recordTime, Consumer<K> keyCheck) {
        this.name = name;
        this.store = store;
        this.history = history;
        this.recordTime = recordTime;
        this.keyCheck = keyCheck;
    }

    @Override
    public V get(K key) {
        return valueOf(store.get(requireKey(key), recordTime.getAsLong()));
    }

    @Override
    public V asOf(K key, Instant time) {
        Objects.requireNonNull(time, "time can't be null (table '" + name + "')");
        return valueOf(store.get(requireKey(key), time.toEpochMilli()));
    }

    @Override
    public V latest(K key) {
        return valueOf(store.get(requireKey(key)));
    }

    @Override
    public void put(K key, V value) {
        write(key, value, recordTime.getAsLong());
    }

    @Override
    public void put(K key, V value, Instant validFrom) {
        Objects.requireNonNull(validFrom, "validFrom can't be null (table '" + name + "')");
        write(key, value, validFrom.toEpochMilli());
    }

    private void write(K key, V value, long validFrom) {
        requireKey(key);
        long result = value == null ? deleted(key, validFrom) : store.put(key, value, validFrom);
        if (result == VersionedKeyValueStore.PUT_RETURN_CODE_NOT_PUT) {
            throw new IllegalStateException("table '" + name + "' refused the row of key '" + key + "' valid from "
                    + Instant.ofEpochMilli(validFrom) + ": that is further back than its history (" + history
                    + ") behind the newest write; give Table.versioned(...) a longer history, or write rows closer"
                    + " to their time");
        }
    }

    /** Deletes from {@code validFrom} on; the store answers with no code, so a delete is never refused loudly. */
    private long deleted(K key, long validFrom) {
        store.delete(key, validFrom);
        return 0;
    }

    private static <V> V valueOf(VersionedRecord<V> record) {
        return record == null ? null : record.value();
    }

    private K requireKey(K key) {
        Objects.requireNonNull(key, "a key of table '" + name + "' can't be null");
        if (keyCheck != null) {
            keyCheck.accept(key);
        }
        return key;
    }
}
