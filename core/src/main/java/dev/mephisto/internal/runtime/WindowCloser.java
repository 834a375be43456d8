package dev.mephisto.internal.runtime;

import dev.mephisto.WindowRange;
import dev.mephisto.WindowedTable;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.SessionStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Closes one windowed table's windows for one task. A window closes when the task's stream time
 * passes its end plus grace (a session: its last record plus gap plus grace); while no record arrives, stream time is taken to move on with the
 * wall clock, so closing never waits for a new record. The first still-open window start is kept
 * in a changelogged store, so a window is closed once even across restarts.
 */
final class WindowCloser<K, V> {

    /** Receives each key's final value of a closed window. */
    interface Emitter<K, V> {
        void emit(K key, WindowRange window, V value) throws Exception;
    }

    private static final String CLOSED_BEFORE = "closed-before";

    private final WindowedTable<K, V> table;
    private final WindowStore<K, V> store;
    private final SessionStore<K, V> sessions;
    private final KeyValueStore<String, Long> watermark;
    private final long size;
    private final long closeDelay;
    private long seenStreamTime = -1;
    private long wallClockAtSeen;
    private long closedBefore;

    /** @param store the table's window store, or its session store for session windows */
    @SuppressWarnings("unchecked")
    WindowCloser(WindowedTable<K, V> table, StateStore store, KeyValueStore<String, Long> watermark,
            long wallClockNow) {
        this.table = table;
        this.store = table.window().isSession() ? null : (WindowStore<K, V>) store;
        this.sessions = table.window().isSession() ? (SessionStore<K, V>) store : null;
        this.watermark = watermark;
        this.size = table.window().size().toMillis();
        this.closeDelay = size + table.window().grace().toMillis();
        this.closedBefore = readClosedBefore(watermark);
        this.wallClockAtSeen = wallClockNow;
    }

    /** The first window start still open, as the owning agent last stored it. */
    static long readClosedBefore(KeyValueStore<String, Long> watermark) {
        Long stored = watermark.get(CLOSED_BEFORE);
        return stored == null ? 0 : stored;
    }

    /** The first window start still open. */
    long closedBefore() {
        return closedBefore;
    }

    /** Notes the task's stream time, so idle time is counted from when it last moved. */
    void observe(long streamTime, long wallClockNow) {
        if (streamTime != seenStreamTime) {
            seenStreamTime = streamTime;
            wallClockAtSeen = wallClockNow;
        }
    }

    /** Emits and closes every window whose end plus grace has passed. */
    void closeDue(long streamTime, long wallClockNow, Emitter<K, V> emitter) throws Exception {
        observe(streamTime, wallClockNow);
        if (seenStreamTime < 0) {
            return;
        }
        long effectiveTime = seenStreamTime + Math.max(0, wallClockNow - wallClockAtSeen);
        long lastClosableStart = effectiveTime - closeDelay;
        if (lastClosableStart < closedBefore) {
            return;
        }
        if (sessions != null) {
            closeSessions(lastClosableStart, emitter);
        } else {
            closeWindows(lastClosableStart, emitter);
        }
        closedBefore = lastClosableStart + 1;
        watermark.put(CLOSED_BEFORE, closedBefore);
    }

    private void closeWindows(long lastClosableStart, Emitter<K, V> emitter) throws Exception {
        try (KeyValueIterator<Windowed<K>, V> due = store.fetchAll(closedBefore, lastClosableStart)) {
            while (due.hasNext()) {
                KeyValue<Windowed<K>, V> entry = due.next();
                long start = entry.key.window().start();
                emitter.emit(entry.key.key(), WindowRange.ofEpochMilli(start, start + size), entry.value);
            }
        }
    }

    /** Sessions close by their last record: every key's sessions that ended in the closable range. */
    private void closeSessions(long lastClosableEnd, Emitter<K, V> emitter) throws Exception {
        try (KeyValueIterator<Windowed<K>, V> due = sessions.findSessions(null, null, closedBefore, lastClosableEnd)) {
            while (due.hasNext()) {
                KeyValue<Windowed<K>, V> entry = due.next();
                if (entry.key.window().end() <= lastClosableEnd) {
                    emitter.emit(entry.key.key(), KafkaLocalSessionTable.rangeOf(entry.key.window()), entry.value);
                }
            }
        }
    }

    WindowedTable<K, V> table() {
        return table;
    }
}
