package dev.mephisto.internal.runtime;

import dev.mephisto.LocalWindowedTable;
import dev.mephisto.TableWindow;
import dev.mephisto.WindowRange;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Window;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.SessionStore;

/**
 * The {@link LocalWindowedTable} of a {@link dev.mephisto.WindowedTable} of session windows: over the task's
 * Kafka Streams session store, a session per key stored as {@code [first record, last record]}. A write at
 * time {@code t} merges every open session of the key within the gap of {@code t} into one.
 */
final class KafkaLocalSessionTable<K, V> extends WindowedTableView<K, V> {

    /** A session's bounds as the store keeps them: first and last record's time, both inclusive. */
    static final class Session extends Window {

        Session(long first, long last) {
            super(first, last);
        }

        @Override
        public boolean overlap(Window other) {
            return start() <= other.end() && other.start() <= end();
        }
    }

    private final SessionStore<K, V> store;
    private final long gap;

    /** @param closedBefore sessions whose last record is earlier are closed */
    KafkaLocalSessionTable(String name, SessionStore<K, V> store, TableWindow window, LongSupplier eventTime,
            LongSupplier wallClock, LongSupplier closedBefore, LongSupplier streamTime, Consumer<K> keyCheck) {
        super(name, window, eventTime, wallClock, closedBefore, streamTime, keyCheck);
        this.store = store;
        this.gap = window.size().toMillis();
    }

    /** The range a session reads as: from its first record to just after its last. */
    static WindowRange rangeOf(Window session) {
        return WindowRange.ofEpochMilli(session.start(), session.end() + 1);
    }

    /** The session that {@code time} belongs to: begun by then, and not yet a gap past its last record. */
    @Override
    protected V at(K key, long time) {
        V found = null;
        try (KeyValueIterator<Windowed<K>, V> sessions = store.findSessions(requireKey(key), time - gap + 1, time)) {
            while (sessions.hasNext()) {
                found = sessions.next().value;
            }
        }
        return found;
    }

    @Override
    public void put(K key, V value) {
        write(key, value, null);
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping) {
        return write(key, value, remapping);
    }

    /** Merges the key's open sessions within the gap of the event into one holding {@code value}. */
    private V write(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping) {
        requireKey(key);
        long time = eventTime.getAsLong();
        long openFrom = closedBefore.getAsLong();
        if (time < openFrom) {
            throw new LateRecord("windowed table '" + name + "'", time, time, time + gap, streamTime.getAsLong(), grace);
        }
        long first = time;
        long last = time;
        V merged = null;
        List<Windowed<K>> replaced = new ArrayList<>();
        try (KeyValueIterator<Windowed<K>, V> near = store.findSessions(key, Math.max(openFrom, time - gap), time + gap)) {
            while (near.hasNext()) {
                KeyValue<Windowed<K>, V> session = near.next();
                replaced.add(session.key);
                first = Math.min(first, session.key.window().start());
                last = Math.max(last, session.key.window().end());
                merged = merged == null || remapping == null ? session.value : remapping.apply(merged, session.value);
            }
        }
        V result = merged == null || remapping == null ? value : remapping.apply(merged, value);
        replaced.forEach(store::remove);
        if (result != null) {
            store.put(new Windowed<>(key, new Session(first, last)), result);
        }
        return result;
    }

    @Override
    public SortedMap<WindowRange, V> windows(K key) {
        SortedMap<WindowRange, V> windows = new TreeMap<>();
        try (KeyValueIterator<Windowed<K>, V> all = store.fetch(requireKey(key))) {
            all.forEachRemaining(entry -> windows.put(rangeOf(entry.key.window()), entry.value));
        }
        return windows;
    }
}
