package dev.mephisto;

/**
 * Receives a key's final value when a window of a {@link WindowedTable} closes (Faust's
 * {@code on_window_close}).
 *
 * <pre>{@code
 * Table.windowed("per-minute", Codec.string(), Codec.int64(), TableWindow.tumbling(Duration.ofMinutes(1)))
 *         .onWindowClose((key, window, count, ctx) -> ctx.send(alerts, key, key + ": " + count));
 * }</pre>
 */
@FunctionalInterface
public interface WindowCloseHandler<K, V> {

    /** Called once per key and closed window, on the stream thread of the owning partition. */
    void closed(K key, WindowRange window, V value, AgentContext ctx) throws Exception;
}
