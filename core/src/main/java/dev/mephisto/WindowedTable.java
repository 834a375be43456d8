package dev.mephisto;

import java.util.Objects;
import java.util.Optional;

/**
 * A windowed {@link Table} (Faust's {@code Table(...).tumbling(...)} and {@code .hopping(...)}): a
 * value per key per window, seen by an agent as a {@link LocalWindowedTable} and read as Faust
 * reads it — the window of the current event ({@code current()}), of the wall clock
 * ({@code now()}), or some time back ({@code delta(...)}). Made by {@link Table#windowed}.
 *
 * <p>When a window closes (see {@link TableWindow}) its final value per key goes to the
 * {@link #onWindowClose close handler} and to the {@link #emitClosedWindowsTo topic} you chose,
 * driven by time alone: no new record for that key is needed. The first agent that uses the table
 * runs the closing.
 *
 * <pre>{@code
 * WindowedTable<String, Long> perMinute = app.table(Table
 *         .windowed("clicks-per-minute", Codec.string(), Codec.int64(), TableWindow.tumbling(Duration.ofMinutes(1)))
 *         .emitClosedWindowsTo(minuteTotals));
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class WindowedTable<K, V> extends Table<K, V, LocalWindowedTable<K, V>> {

    private final TableWindow window;
    private final WindowCloseHandler<K, V> closeHandler;
    private final Topic<K, V> closedWindowsTopic;

    WindowedTable(String name, Codec<K> keyCodec, Codec<V> valueCodec, TableWindow window,
            WindowCloseHandler<K, V> closeHandler, Topic<K, V> closedWindowsTopic) {
        super(name, keyCodec, valueCodec);
        this.window = Objects.requireNonNull(window, "window can't be null (table '" + name + "')");
        this.closeHandler = closeHandler;
        this.closedWindowsTopic = closedWindowsTopic;
    }

    /**
     * A copy that calls {@code handler} with each key's final value when a window closes. The
     * handler's context may send to the topics the owning agent declares.
     */
    public WindowedTable<K, V> onWindowClose(WindowCloseHandler<K, V> handler) {
        Objects.requireNonNull(handler, "handler can't be null (table '" + name() + "')");
        return new WindowedTable<>(name(), keyCodec(), valueCodec(), window, handler, closedWindowsTopic);
    }

    /**
     * A copy that sends each key's final value to {@code topic} when a window closes, with the
     * window's bounds in the headers {@code mephisto.window.start} and {@code mephisto.window.end}
     * (ISO-8601) and the window's last millisecond as the record's timestamp.
     */
    public WindowedTable<K, V> emitClosedWindowsTo(Topic<K, V> topic) {
        Objects.requireNonNull(topic, "topic can't be null (table '" + name() + "')");
        return new WindowedTable<>(name(), keyCodec(), valueCodec(), window, closeHandler, topic);
    }

    public TableWindow window() {
        return window;
    }

    public Optional<WindowCloseHandler<K, V>> closeHandler() {
        return Optional.ofNullable(closeHandler);
    }

    public Optional<Topic<K, V>> closedWindowsTopic() {
        return Optional.ofNullable(closedWindowsTopic);
    }

    /** Whether anything listens for closed windows. */
    public boolean emitsClosedWindows() {
        return closeHandler != null || closedWindowsTopic != null;
    }

    @Override
    public String kind() {
        return window.toString();
    }

    @Override
    public String toString() {
        return "WindowedTable(" + name() + ", " + window + ")";
    }
}
