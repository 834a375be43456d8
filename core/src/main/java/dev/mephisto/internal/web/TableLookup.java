package dev.mephisto.internal.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mephisto.Codec;
import dev.mephisto.KeyValueTable;
import dev.mephisto.Table;
import dev.mephisto.VersionedTable;
import dev.mephisto.WindowedTable;
import dev.mephisto.internal.codec.JsonCodec;
import dev.mephisto.internal.runtime.WorkerStates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.query.VersionedKeyQuery;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlySessionStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.VersionedRecord;
import org.apache.kafka.streams.state.WindowStoreIterator;

/** Looks a key up in a running worker's tables: found, kept by another worker, missing, or why not. */
public final class TableLookup {

    private static final ObjectMapper MAPPER = JsonCodec.defaultMapper();

    private final String app;
    private final List<Table<?, ?, ?>> tables;
    private final Supplier<KafkaStreams> streams;
    private final HostInfo self;

    /**
     * @param streams the worker's Kafka Streams as it is now (a worker rebuilding a global store replaces it)
     * @param self this worker's advertised {@code application.server}, or {@code null} when it has none
     */
    public TableLookup(String app, List<Table<?, ?, ?>> tables, Supplier<KafkaStreams> streams, HostInfo self) {
        this.app = app;
        this.tables = List.copyOf(tables);
        this.streams = streams;
        this.self = self;
    }

    public LookupResult lookup(String tableName, String keyText) {
        if (streams.get().state() != KafkaStreams.State.RUNNING) {
            return new LookupResult.NotReady("the worker is " + WorkerStates.of(streams.get(), false) + ", so who holds"
                    + " which key is not known yet: retry when it is RUNNING");
        }
        Optional<Table<?, ?, ?>> table = tables.stream().filter(t -> t.name().equals(tableName)).findFirst();
        if (table.isEmpty()) {
            List<String> plain = new ArrayList<>(namesOf(KeyValueTable.class));
            plain.addAll(namesOf(VersionedTable.class));
            return new LookupResult.UnknownTable(app, tableName, plain, namesOf(WindowedTable.class));
        }
        return lookup(table.get(), keyText);
    }

    private List<String> namesOf(Class<?> kind) {
        return tables.stream().filter(kind::isInstance).map(Table::name).toList();
    }

    private <K, V> LookupResult lookup(Table<K, V, ?> table, String keyText) {
        K key;
        try {
            key = table.keyCodec().parse(keyText);
        } catch (RuntimeException e) {
            return new LookupResult.BadKey(table.name(), keyText, table.keyCodec().describe(), e.getMessage());
        }
        LookupResult elsewhere = elsewhere(table.name(), key, table.keyCodec());
        if (elsewhere != null) {
            return elsewhere;
        }
        try {
            if (table instanceof VersionedTable<?, ?>) {
                return latest(table, key, keyText);
            }
            return table instanceof WindowedTable<?, ?> ? windows(windowed(table), key, keyText)
                    : value(table, key, keyText);
        } catch (InvalidStateStoreException e) {
            return new LookupResult.NotReady("table '" + table.name() + "' is not queryable right now ("
                    + WorkerStates.of(streams.get(), false) + "): retry when the worker is RUNNING");
        }
    }

    @SuppressWarnings("unchecked") // a table of K and V stays one when seen as its kind
    private static <K, V> WindowedTable<K, V> windowed(Table<K, V, ?> table) {
        return (WindowedTable<K, V>) table;
    }

    private <K, V> LookupResult value(Table<K, V, ?> table, K key, String keyText) {
        ReadOnlyKeyValueStore<K, V> store = streams.get().store(
                StoreQueryParameters.fromNameAndType(table.name(), QueryableStoreTypes.<K, V>keyValueStore()));
        V value = store.get(key);
        if (value == null) {
            return new LookupResult.Missing(table.name(), keyText, false);
        }
        return new LookupResult.Found(table.name(), keyText, toJson(table.valueCodec(), value));
    }

    /** A versioned table's newest row: its store answers only the interactive queries of Kafka's v2 API. */
    private <K, V> LookupResult latest(Table<K, V, ?> table, K key, String keyText) {
        StateQueryResult<VersionedRecord<V>> result = streams.get().query(
                StateQueryRequest.inStore(table.name()).withQuery(VersionedKeyQuery.<K, V>withKey(key)));
        QueryResult<VersionedRecord<V>> found = result.getOnlyPartitionResult();
        if (found == null || found.getResult() == null) {
            return new LookupResult.Missing(table.name(), keyText, false);
        }
        return new LookupResult.Found(table.name(), keyText, toJson(table.valueCodec(), found.getResult().value()));
    }

    private <K, V> LookupResult windows(WindowedTable<K, V> table, K key, String keyText) {
        ReadOnlyWindowStore<K, V> store = streams.get().store(
                StoreQueryParameters.fromNameAndType(table.name(), QueryableStoreTypes.<K, V>windowStore()));
        List<LookupResult.WindowValue> windows = new ArrayList<>();
        if (table.window().isSession()) {
            return sessions(table, key, keyText);
        }
        long size = table.window().size().toMillis();
        try (WindowStoreIterator<V> all = store.fetch(key, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE / 2))) {
            all.forEachRemaining(entry -> windows.add(new LookupResult.WindowValue(Instant.ofEpochMilli(entry.key),
                    Instant.ofEpochMilli(entry.key + size), toJson(table.valueCodec(), entry.value))));
        }
        if (windows.isEmpty()) {
            return new LookupResult.Missing(table.name(), keyText, true);
        }
        return new LookupResult.FoundWindows(table.name(), keyText, windows);
    }

    /** A session-windowed table's sessions of a key, each from its first record to just after its last. */
    private <K, V> LookupResult sessions(WindowedTable<K, V> table, K key, String keyText) {
        ReadOnlySessionStore<K, V> store = streams.get().store(
                StoreQueryParameters.fromNameAndType(table.name(), QueryableStoreTypes.<K, V>sessionStore()));
        List<LookupResult.WindowValue> windows = new ArrayList<>();
        try (KeyValueIterator<Windowed<K>, V> all = store.fetch(key)) {
            all.forEachRemaining(entry -> windows.add(new LookupResult.WindowValue(entry.key.window().startTime(),
                    Instant.ofEpochMilli(entry.key.window().end() + 1), toJson(table.valueCodec(), entry.value))));
        }
        if (windows.isEmpty()) {
            return new LookupResult.Missing(table.name(), keyText, true);
        }
        return new LookupResult.FoundWindows(table.name(), keyText, windows);
    }

    /** Another worker keeps the key, or no worker does right now; {@code null} when this one does. */
    private <K> LookupResult elsewhere(String store, K key, Codec<K> keyCodec) {
        if (self == null) {
            return null;
        }
        KeyQueryMetadata metadata = streams.get().queryMetadataForKey(store, key, (topic, k) -> keyCodec.encode(k));
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new LookupResult.NotReady("no worker holds table '" + store + "' for this key right now"
                    + " (rebalancing or restoring): retry shortly");
        }
        HostInfo active = metadata.activeHost();
        if (active == null || active.equals(self) || active.equals(HostInfo.unavailable())) {
            return null;
        }
        return new LookupResult.Elsewhere(store, active.host() + ":" + active.port(), self.host() + ":" + self.port());
    }

    /** A value as JSON: what the codec says in JSON ({@link Codec#toJson}), else its text as a JSON string. */
    static <V> JsonNode toJson(Codec<V> codec, V value) {
        Optional<String> json = codec.toJson(value);
        if (json.isPresent()) {
            try {
                return MAPPER.readTree(json.get());
            } catch (JsonProcessingException e) {
                // a codec of the user's that says it renders JSON but wrote something else: show it as text
            }
        }
        return JsonNodeFactory.instance.textNode(codec.format(value));
    }
}
