package dev.mephisto;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * An immutable description of a table (Faust's {@code Table}): a state store that every agent
 * declaring it with {@link Agent#uses(Table[])} can read and write, backed by a compacted
 * changelog topic {@code <application id>-<name>-changelog} so it survives restarts and moves with
 * its partitions. A table is of one of two kinds:
 * <ul>
 *   <li>{@link KeyValueTable} ({@link #of}): a value per key, read and written through a
 *       {@link LocalTable};</li>
 *   <li>{@link WindowedTable} ({@link #windowed}): a value per key per window, read the way Faust
 *       reads it (the window of this event, of the wall clock, some time back) through a
 *       {@link LocalWindowedTable};</li>
 *   <li>{@link VersionedTable} ({@link #versioned}): a value per key per point in time, read as it
 *       was at an event's time through a {@link LocalVersionedTable}.</li>
 * </ul>
 * Both are declared with {@link App#table(Table)}, listed by {@link App#tables()}, and reached in an
 * agent with {@link AgentContext#table(Table)}, which returns the view of the table's kind.
 *
 * <p>Tables are partitioned like the agent's source: an agent sees the part of the table that
 * belongs to its source partition. Re-key the source with {@link Topic#rekey} so the table's key
 * is the record's key.
 *
 * <pre>{@code
 * KeyValueTable<String, Long> counts = app.table("word-counts", Codec.string(), Codec.int64());
 * WindowedTable<String, Long> perMinute = app.table(Table.windowed("clicks-per-minute", Codec.string(),
 *         Codec.int64(), TableWindow.tumbling(Duration.ofMinutes(1))));
 * app.agent("count", words, (word, ignored, ctx) -> {
 *     ctx.table(counts).merge(word, 1L, Long::sum);        // a LocalTable
 *     ctx.table(perMinute).merge(word, 1L, Long::sum);     // a LocalWindowedTable
 * }).uses(counts, perMinute);
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 * @param <L> the agent's view of it: {@link LocalTable} or {@link LocalWindowedTable}
 */
public abstract sealed class Table<K, V, L> permits KeyValueTable, WindowedTable, VersionedTable {

    private final String name;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;

    Table(String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        LegalNames.requireLegal("table", name);
        Objects.requireNonNull(keyCodec, "keyCodec can't be null (table '" + name + "')");
        Objects.requireNonNull(valueCodec, "valueCodec can't be null (table '" + name + "')");
        this.name = name;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
    }

    /**
     * A key-value table, persistent (RocksDB) unless made {@link KeyValueTable#inMemory()}.
     *
     * <pre>{@code
     * KeyValueTable<String, Long> counts = app.table(Table.of("word-counts", Codec.string(), Codec.int64()));
     * }</pre>
     */
    public static <K, V> KeyValueTable<K, V> of(String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        return new KeyValueTable<>(name, keyCodec, valueCodec, false, false);
    }

    /**
     * A windowed table (Faust's {@code Table(...).tumbling(...)} and {@code .hopping(...)}): a value
     * per key per window of {@code window}.
     *
     * <pre>{@code
     * WindowedTable<String, Long> perMinute = app.table(Table.windowed("clicks-per-minute", Codec.string(),
     *         Codec.int64(), TableWindow.tumbling(Duration.ofMinutes(1))).emitClosedWindowsTo(minuteTotals));
     * }</pre>
     */
    public static <K, V> WindowedTable<K, V> windowed(String name, Codec<K> keyCodec, Codec<V> valueCodec,
            TableWindow window) {
        return new WindowedTable<>(name, keyCodec, valueCodec, window, null, null);
    }

    /**
     * A versioned table: every row keeps its history for {@code history} behind the newest write, so a
     * record can read a row as it was at its event time ({@link LocalVersionedTable#get},
     * {@link App#lookup(String, Source, VersionedTable, LookupFunction)}). A Kafka Streams versioned store.
     *
     * <pre>{@code
     * VersionedTable<String, Account> accounts = app.table(Table.versioned("accounts", Codec.string(),
     *         Codec.json(Account.class), Duration.ofDays(7)));
     * }</pre>
     */
    public static <K, V> VersionedTable<K, V> versioned(String name, Codec<K> keyCodec, Codec<V> valueCodec,
            java.time.Duration history) {
        return new VersionedTable<>(name, keyCodec, valueCodec, history);
    }

    /** The table's name: its state store's name and part of its changelog topic's. */
    public String name() {
        return name;
    }

    public Codec<K> keyCodec() {
        return keyCodec;
    }

    public Codec<V> valueCodec() {
        return valueCodec;
    }

    /** The Kafka serde of the keys. */
    public Serde<K> keySerde() {
        return keyCodec.keySerde();
    }

    /** The Kafka serde of the values. */
    public Serde<V> valueSerde() {
        return valueCodec.valueSerde();
    }

    /**
     * The kind in the user's words, as {@code tables} lists it: {@code key-value},
     * {@code key-value (in memory)}, or the window ({@code tumbling(PT1M, grace PT0S, retention PT24H)}).
     */
    public abstract String kind();
}
