package dev.mephisto.internal.runtime;

import dev.mephisto.LocalWindowedTable;
import dev.mephisto.TableWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What the views of fixed and session windows share: the clocks they read by, where windows are closed,
 * the key check, and Faust's reads, each the window (or session) of some time.
 */
abstract class WindowedTableView<K, V> implements LocalWindowedTable<K, V> {

    protected final String name;
    protected final LongSupplier eventTime;
    protected final LongSupplier closedBefore;
    protected final LongSupplier streamTime;
    protected final long grace;
    private final LongSupplier wallClock;
    private final Consumer<K> keyCheck;

    /**
     * @param eventTime the current record's time (a timer's when it fires)
     * @param closedBefore where windows are closed (a window start, or a session's last record): earlier ones
     *     take no writes, and a record whose windows are all closed is late
     * @param keyCheck runs for every key used, or {@code null}: the test driver's co-partitioning check
     */
    WindowedTableView(String name, TableWindow window, LongSupplier eventTime, LongSupplier wallClock,
            LongSupplier closedBefore, LongSupplier streamTime, Consumer<K> keyCheck) {
        this.name = name;
        this.eventTime = eventTime;
        this.wallClock = wallClock;
        this.closedBefore = closedBefore;
        this.streamTime = streamTime;
        this.grace = window.grace().toMillis();
        this.keyCheck = keyCheck;
    }

    /** The value of {@code key} in the window (or session) of {@code time}, or {@code null}. */
    protected abstract V at(K key, long time);

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

    protected final K requireKey(K key) {
        if (key == null) {
            throw new IllegalArgumentException("table '" + name + "' has no null keys");
        }
        if (keyCheck != null) {
            keyCheck.accept(key);
        }
        return key;
    }
}
