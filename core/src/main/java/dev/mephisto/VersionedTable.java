package dev.mephisto;

import java.time.Duration;
import java.util.Objects;

/**
 * A versioned {@link Table}: a value per key per point in time, so a record can see a row as it was
 * at the record's own event time (an <em>as-of</em> lookup). Seen by an agent as a
 * {@link LocalVersionedTable}; read by a {@link App#lookup(String, Source, VersionedTable, LookupFunction)
 * lookup}. Made by {@link Table#versioned}.
 *
 * <p>Underneath it is a Kafka Streams versioned key-value store
 * ({@code Stores.persistentVersionedKeyValueStore}) with the history you set: rows older than the
 * newest write minus {@code history} are forgotten, and a write that old is refused.
 *
 * <pre>{@code
 * VersionedTable<String, Account> accounts = app.table(Table.versioned("accounts", Codec.string(),
 *         Codec.json(Account.class), Duration.ofDays(7)));
 * app.agent("keep-accounts", accountUpdates, (id, account, ctx) -> ctx.table(accounts).put(id, account))
 *    .uses(accounts);
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class VersionedTable<K, V> extends Table<K, V, LocalVersionedTable<K, V>> {

    private final Duration history;

    VersionedTable(String name, Codec<K> keyCodec, Codec<V> valueCodec, Duration history) {
        super(name, keyCodec, valueCodec);
        Objects.requireNonNull(history, "history can't be null (table '" + name + "')");
        if (history.isNegative() || history.isZero()) {
            throw new IllegalArgumentException("table '" + name + "': history must be positive, got " + history
                    + "; it is how far back an as-of read can look");
        }
        this.history = history;
    }

    /** How far back, behind the newest write, rows stay readable. */
    public Duration history() {
        return history;
    }

    @Override
    public String kind() {
        return "versioned (history " + history + ")";
    }

    @Override
    public String toString() {
        return "VersionedTable(" + name() + ", " + keyCodec().describe() + " -> " + valueCodec().describe()
                + ", history " + history + ")";
    }
}
