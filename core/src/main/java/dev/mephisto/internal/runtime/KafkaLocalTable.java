package dev.mephisto.internal.runtime;

import dev.mephisto.LocalTable;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The {@link LocalTable} of a {@link dev.mephisto.KeyValueTable}: over the task's Kafka Streams key-value store. */
final class KafkaLocalTable<K, V> implements LocalTable<K, V> {

    private final String name;
    private final KeyValueStore<K, V> store;
    private final java.util.function.Consumer<K> keyCheck;

    KafkaLocalTable(String name, KeyValueStore<K, V> store) {
        this(name, store, null);
    }

    /** @param keyCheck runs for every key used, or {@code null}: the test driver's co-partitioning check */
    KafkaLocalTable(String name, KeyValueStore<K, V> store, java.util.function.Consumer<K> keyCheck) {
        this.name = name;
        this.store = store;
        this.keyCheck = keyCheck;
    }

    @Override
    public V get(K key) {
        return store.get(requireKey(key));
    }

    @Override
    public void put(K key, V value) {
        // a null value deletes: Kafka's put(key, null) writes the same tombstone as delete without reading
        // (and decoding) the old value first
        store.put(requireKey(key), value);
    }

    @Override
    public V delete(K key) {
        return store.delete(requireKey(key));
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping) {
        V old = store.get(requireKey(key));
        V merged = old == null ? value : remapping.apply(old, value);
        put(key, merged);
        return merged;
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        try (KeyValueIterator<K, V> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<K, V> entry = all.next();
                action.accept(entry.key, entry.value);
            }
        }
    }

    private K requireKey(K key) {
        if (key == null) {
            throw new IllegalArgumentException("table '" + name + "' has no null keys");
        }
        if (keyCheck != null) {
            keyCheck.accept(key);
        }
        return key;
    }
}
