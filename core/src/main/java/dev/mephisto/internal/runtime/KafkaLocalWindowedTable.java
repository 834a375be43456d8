package dev.mephisto.internal.runtime;

import dev.mephisto.LocalWindowedTable;
import dev.mephisto.TableWindow;
import dev.mephisto.WindowRange;
import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The {@link LocalWindowedTable} of a {@link dev.mephisto.WindowedTable}: over the task's Kafka Streams window
 * store, keyed by window start.
 */
final class KafkaLocalWindowedTable<K, V> extends WindowedTableView<K, V> {

    private final WindowStore<K, V> store;
    private final long size;
    private final long advance;

    /** @param closedBefore the first window start that is still open */
    KafkaLocalWindowedTable(String name, WindowStore<K, V> store, TableWindow window, LongSupplier eventTime,
            LongSupplier wallClock, LongSupplier closedBefore, LongSupplier streamTime, Consumer<K> keyCheck) {
        super(name, window, eventTime, wallClock, closedBefore, streamTime, keyCheck);
        this.store = store;
        this.size = window.size().toMillis();
        this.advance = window.advance().toMillis();
    }

    /** The start of the latest window containing {@code time}. */
    static long latestStart(long time, long advance) {
        return time - Math.floorMod(time, advance);
    }

    @Override
    protected V at(K key, long time) {
        return store.fetch(requireKey(key), latestStart(time, advance));
    }

    @Override
    public void put(K key, V value) {
        long time = eventTime.getAsLong();
        long openFrom = closedBefore.getAsLong();
        requireOpen(time, openFrom);
        for (long start = latestStart(time, advance); start > time - size && start >= 0; start -= advance) {
            if (start >= openFrom) {
                store.put(requireKey(key), value, start);
            }
        }
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping) {
        long time = eventTime.getAsLong();
        long openFrom = closedBefore.getAsLong();
        long latest = latestStart(time, advance);
        requireOpen(time, openFrom);
        V current = null;
        for (long start = latest; start > time - size && start >= 0; start -= advance) {
            if (start < openFrom) {
                continue;
            }
            V old = store.fetch(requireKey(key), start);
            V merged = old == null ? value : remapping.apply(old, value);
            store.put(key, merged, start);
            if (start == latest) {
                current = merged;
            }
        }
        return current;
    }

    @Override
    public SortedMap<WindowRange, V> windows(K key) {
        SortedMap<WindowRange, V> windows = new TreeMap<>();
        try (WindowStoreIterator<V> all = store.fetch(requireKey(key), Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE / 2))) {
            while (all.hasNext()) {
                KeyValue<Long, V> entry = all.next();
                windows.put(WindowRange.ofEpochMilli(entry.key, entry.key + size), entry.value);
            }
        }
        return windows;
    }

    /** A record whose every window has closed is late: its latest window is the one it names. */
    private void requireOpen(long time, long openFrom) {
        long latest = latestStart(time, advance);
        if (latest < openFrom) {
            throw new LateRecord("windowed table '" + name + "'", time, latest, latest + size, streamTime.getAsLong(),
                    grace);
        }
    }
}
