package dev.mephisto.internal.runtime;

import dev.mephisto.LocalWindowedTable;
import dev.mephisto.TableWindow;
import dev.mephisto.WindowRange;
import java.time.Duration;
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
final class KafkaLocalWindowedTable<K, V> implements LocalWindowedTable<K, V> {

    private final String name;
    private final WindowStore<K, V> store;
    private final long size;
    private final long advance;
    private final LongSupplier eventTime;
    private final LongSupplier wallClock;
    private final LongSupplier closedBefore;
    private final LongSupplier streamTime;
    private final Consumer<K> keyCheck;
    private final long grace;

    /**
     * @param keyCheck runs for every key used, or {@code null}: the test driver's co-partitioning check
     * @param closedBefore the first window start that is still open; windows starting earlier are
     *     closed and take no writes, and a record whose windows are all closed is late
     */
    KafkaLocalWindowedTable(String name, WindowStore<K, V> store, TableWindow window, LongSupplier eventTime,
            LongSupplier wallClock, LongSupplier closedBefore, LongSupplier streamTime, Consumer<K> keyCheck) {
        this.name = name;
        this.store = store;
        this.size = window.size().toMillis();
        this.advance = window.advance().toMillis();
        this.eventTime = eventTime;
        this.wallClock = wallClock;
        this.closedBefore = closedBefore;
        this.streamTime = streamTime;
        this.keyCheck = keyCheck;
        this.grace = window.grace().toMillis();
    }

    /** The start of the latest window containing {@code time}. */
    static long latestStart(long time, long advance) {
        return time - Math.floorMod(time, advance);
    }

    @Override
    public V current(K key) {
        return at(key, eventTime.getAsLong());
    }

    @Override
    public V now(K key) {
        return at(key, wallClock.getAsLong());
    }

    @Override
    public V delta(K key, Duration ago) {
        return at(key, eventTime.getAsLong() - ago.toMillis());
    }

    @Override
    public V at(K key, Instant time) {
        return at(key, time.toEpochMilli());
    }

    private V at(K key, long time) {
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
