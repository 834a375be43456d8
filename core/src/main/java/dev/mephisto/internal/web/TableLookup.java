package dev.mephisto.internal.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mephisto.Codec;
import dev.mephisto.Table;
import dev.mephisto.WindowedTable;
import dev.mephisto.internal.codec.JsonCodec;
import dev.mephisto.internal.runtime.WorkerStates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/** Looks a key up in a running worker's tables: found, kept by another worker, missing, or why not. */
public final class TableLookup {

    private static final ObjectMapper MAPPER = JsonCodec.defaultMapper();

    private final String app;
    private final List<Table<?, ?>> tables;
    private final List<WindowedTable<?, ?>> windowedTables;
    private final KafkaStreams streams;
    private final HostInfo self;

    /** @param self this worker's advertised {@code application.server}, or {@code null} when it has none */
    public TableLookup(String app, List<Table<?, ?>> tables, List<WindowedTable<?, ?>> windowedTables,
            KafkaStreams streams, HostInfo self) {
        this.app = app;
        this.tables = List.copyOf(tables);
        this.windowedTables = List.copyOf(windowedTables);
        this.streams = streams;
        this.self = self;
    }

    public LookupResult lookup(String tableName, String keyText) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return new LookupResult.NotReady("the worker is " + WorkerStates.of(streams, false) + ", so who holds"
                    + " which key is not known yet: retry when it is RUNNING");
        }
        Optional<Table<?, ?>> table = tables.stream().filter(t -> t.name().equals(tableName)).findFirst();
        if (table.isPresent()) {
            return lookup(table.get(), keyText);
        }
        Optional<WindowedTable<?, ?>> windowed =
                windowedTables.stream().filter(t -> t.name().equals(tableName)).findFirst();
        if (windowed.isPresent()) {
            return lookup(windowed.get(), keyText);
        }
        return new LookupResult.UnknownTable(app, tableName, tables.stream().map(Table::name).toList(),
                windowedTables.stream().map(WindowedTable::name).toList());
    }

    private <K, V> LookupResult lookup(Table<K, V> table, String keyText) {
        Key<K> key = key(table.name(), table.keyCodec(), keyText);
        if (key.refusal() != null) {
            return key.refusal();
        }
        try {
            ReadOnlyKeyValueStore<K, V> store = streams.store(
                    StoreQueryParameters.fromNameAndType(table.name(), QueryableStoreTypes.<K, V>keyValueStore()));
            V value = store.get(key.key());
            if (value == null) {
                return new LookupResult.Missing(table.name(), keyText, false);
            }
            return new LookupResult.Found(table.name(), keyText, toJson(table.valueCodec(), value));
        } catch (InvalidStateStoreException e) {
            return notQueryable(table.name());
        }
    }

    private <K, V> LookupResult lookup(WindowedTable<K, V> table, String keyText) {
        Key<K> key = key(table.name(), table.keyCodec(), keyText);
        if (key.refusal() != null) {
            return key.refusal();
        }
        try {
            ReadOnlyWindowStore<K, V> store = streams.store(
                    StoreQueryParameters.fromNameAndType(table.name(), QueryableStoreTypes.<K, V>windowStore()));
            List<LookupResult.WindowValue> windows = new ArrayList<>();
            long size = table.window().size().toMillis();
            try (WindowStoreIterator<V> all = store.fetch(key.key(), Instant.EPOCH,
                    Instant.ofEpochMilli(Long.MAX_VALUE / 2))) {
                all.forEachRemaining(entry -> windows.add(new LookupResult.WindowValue(
                        Instant.ofEpochMilli(entry.key), Instant.ofEpochMilli(entry.key + size),
                        toJson(table.valueCodec(), entry.value))));
            }
            if (windows.isEmpty()) {
                return new LookupResult.Missing(table.name(), keyText, true);
            }
            return new LookupResult.FoundWindows(table.name(), keyText, windows);
        } catch (InvalidStateStoreException e) {
            return notQueryable(table.name());
        }
    }

    private LookupResult notQueryable(String table) {
        return new LookupResult.NotReady("table '" + table + "' is not queryable right now ("
                + WorkerStates.of(streams, false) + "): retry when the worker is RUNNING");
    }

    /** The typed key, or why it is not looked up here. */
    private record Key<K>(K key, LookupResult refusal) {
    }

    private <K> Key<K> key(String table, Codec<K> codec, String keyText) {
        K key;
        try {
            key = codec.parse(keyText);
        } catch (RuntimeException e) {
            return new Key<>(null, new LookupResult.BadKey(table, keyText, codec.describe(), e.getMessage()));
        }
        return new Key<>(key, elsewhere(table, key, codec));
    }

    /** Another worker keeps the key, or no worker does right now; {@code null} when this one does. */
    private <K> LookupResult elsewhere(String store, K key, Codec<K> keyCodec) {
        if (self == null) {
            return null;
        }
        KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, (topic, k) -> keyCodec.encode(k));
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
