package dev.mephisto;

import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;

/**
 * An immutable description of a windowed table (Faust's {@code Table(...).tumbling(...)} and
 * {@code .hopping(...)}): a value per key per window, read as Faust reads it — the window of the
 * current event ({@code current()}), of the wall clock ({@code now()}), or some time back
 * ({@code delta(...)}) — see {@link LocalWindowedTable}.
 *
 * <p>When a window closes (see {@link TableWindow}) its final value per key goes to the
 * {@link #onWindowClose close handler} and to the {@link #emitClosedWindowsTo topic} you chose,
 * driven by time alone: no new record for that key is needed. The first agent that uses the table
 * runs the closing.
 *
 * <pre>{@code
 * WindowedTable<String, Long> perMinute = app.table(WindowedTable
 *         .of("clicks-per-minute", Codec.string(), Codec.int64(), TableWindow.tumbling(Duration.ofMinutes(1)))
 *         .emitClosedWindowsTo(minuteTotals));
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class WindowedTable<K, V> {

    private final String name;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;
    private final TableWindow window;
    private final WindowCloseHandler<K, V> closeHandler;
    private final Topic<K, V> closedWindowsTopic;

    private WindowedTable(String name, Codec<K> keyCodec, Codec<V> valueCodec, TableWindow window,
            WindowCloseHandler<K, V> closeHandler, Topic<K, V> closedWindowsTopic) {
        this.name = name;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
        this.window = window;
        this.closeHandler = closeHandler;
        this.closedWindowsTopic = closedWindowsTopic;
    }

    /** A windowed table; declare it with {@link App#table(WindowedTable)}. */
    public static <K, V> WindowedTable<K, V> of(String name, Codec<K> keyCodec, Codec<V> valueCodec,
            TableWindow window) {
        LegalNames.requireLegal("table", name);
        Objects.requireNonNull(keyCodec, "keyCodec can't be null (table '" + name + "')");
        Objects.requireNonNull(valueCodec, "valueCodec can't be null (table '" + name + "')");
        Objects.requireNonNull(window, "window can't be null (table '" + name + "')");
        return new WindowedTable<>(name, keyCodec, valueCodec, window, null, null);
    }

    /**
     * A copy that calls {@code handler} with each key's final value when a window closes. The
     * handler's context may send to the topics the owning agent declares.
     */
    public WindowedTable<K, V> onWindowClose(WindowCloseHandler<K, V> handler) {
        Objects.requireNonNull(handler, "handler can't be null (table '" + name + "')");
        return new WindowedTable<>(name, keyCodec, valueCodec, window, handler, closedWindowsTopic);
    }

    /**
     * A copy that sends each key's final value to {@code topic} when a window closes, with the
     * window's bounds in the headers {@code mephisto.window.start} and {@code mephisto.window.end}
     * (ISO-8601) and the window's last millisecond as the record's timestamp.
     */
    public WindowedTable<K, V> emitClosedWindowsTo(Topic<K, V> topic) {
        Objects.requireNonNull(topic, "topic can't be null (table '" + name + "')");
        return new WindowedTable<>(name, keyCodec, valueCodec, window, closeHandler, topic);
    }

    public String name() {
        return name;
    }

    public Codec<K> keyCodec() {
        return keyCodec;
    }

    public Codec<V> valueCodec() {
        return valueCodec;
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

    /** The Kafka serde of the keys. */
    public Serde<K> keySerde() {
        return keyCodec.keySerde();
    }

    /** The Kafka serde of the values. */
    public Serde<V> valueSerde() {
        return valueCodec.valueSerde();
    }

    @Override
    public String toString() {
        return "WindowedTable(" + name + ", " + window + ")";
    }
}
