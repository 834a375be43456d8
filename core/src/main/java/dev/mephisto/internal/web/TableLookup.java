package dev.mephisto.internal.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Table;
import dev.mephisto.WindowedTable;
import dev.mephisto.internal.codec.JsonCodec;
import dev.mephisto.internal.codec.PrimitiveCodecs;
import java.io.IOException;
import java.time.Instant;
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

/** Looks a key up in a running worker's tables and answers as JSON. */
public final class TableLookup {

    private static final ObjectMapper MAPPER = JsonCodec.defaultMapper();

    private final App app;
    private final KafkaStreams streams;
    private final HostInfo self;

    /** @param self this worker's advertised {@code application.server}, or {@code null} when it has none */
    public TableLookup(App app, KafkaStreams streams, HostInfo self) {
        this.app = app;
        this.streams = streams;
        this.self = self;
    }

    public Answer lookup(String tableName, String keyText) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return error(503, "the worker is " + streams.state() + ", so who holds which key is not known yet:"
                    + " retry when it is RUNNING");
        }
        Optional<Table<?, ?>> table = app.tables().stream().filter(t -> t.name().equals(tableName)).findFirst();
        if (table.isPresent()) {
            return lookup(table.get(), keyText);
        }
        Optional<WindowedTable<?, ?>> windowed =
                app.windowedTables().stream().filter(t -> t.name().equals(tableName)).findFirst();
        if (windowed.isPresent()) {
            return lookup(windowed.get(), keyText);
        }
        return error(404, "app '" + app.name() + "' has no table '" + tableName + "'; its tables are "
                + app.tables().stream().map(Table::name).toList() + " and windowed "
                + app.windowedTables().stream().map(WindowedTable::name).toList());
    }

    private <K, V> Answer lookup(Table<K, V> table, String keyText) {
        K key;
        try {
            key = parseKey(table.name(), table.keyCodec(), keyText);
        } catch (RefusedKey refused) {
            return refused.answer;
        }
        try {
            ReadOnlyKeyValueStore<K, V> store = streams.store(
                    StoreQueryParameters.fromNameAndType(table.name(), QueryableStoreTypes.<K, V>keyValueStore()));
            V value = store.get(key);
            if (value == null) {
                return error(404, "table '" + table.name() + "' has no value for key '" + keyText + "'");
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("table", table.name());
            body.put("key", keyText);
            body.set("value", toJson(table.valueCodec(), value));
            return new Answer(200, body);
        } catch (InvalidStateStoreException e) {
            return error(503, "table '" + table.name() + "' is not queryable right now (" + streams.state()
                    + "): retry when the worker is RUNNING");
        }
    }

    private <K, V> Answer lookup(WindowedTable<K, V> table, String keyText) {
        K key;
        try {
            key = parseKey(table.name(), table.keyCodec(), keyText);
        } catch (RefusedKey refused) {
            return refused.answer;
        }
        try {
            ReadOnlyWindowStore<K, V> store = streams.store(
                    StoreQueryParameters.fromNameAndType(table.name(), QueryableStoreTypes.<K, V>windowStore()));
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("table", table.name());
            body.put("key", keyText);
            var windows = body.putArray("windows");
            long size = table.window().size().toMillis();
            try (WindowStoreIterator<V> all = store.fetch(key, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE / 2))) {
                all.forEachRemaining(entry -> {
                    ObjectNode window = windows.addObject();
                    window.put("start", Instant.ofEpochMilli(entry.key).toString());
                    window.put("end", Instant.ofEpochMilli(entry.key + size).toString());
                    window.set("value", toJson(table.valueCodec(), entry.value));
                });
            }
            if (windows.isEmpty()) {
                return error(404, "table '" + table.name() + "' has no window for key '" + keyText + "'");
            }
            return new Answer(200, body);
        } catch (InvalidStateStoreException e) {
            return error(503, "table '" + table.name() + "' is not queryable right now (" + streams.state()
                    + "): retry when the worker is RUNNING");
        }
    }

    /** The typed key, checked to be held here; otherwise the answer to give instead. */
    private <K> K parseKey(String table, Codec<K> codec, String keyText) {
        K key;
        try {
            key = codec.parse(keyText);
        } catch (RuntimeException e) {
            throw new RefusedKey(error(400, "key '" + keyText + "' is not a " + codec.describe() + " for table '" + table
                    + "': " + e.getMessage()));
        }
        Answer elsewhere = elsewhere(table, key, codec);
        if (elsewhere != null) {
            throw new RefusedKey(elsewhere);
        }
        return key;
    }

    private static final class RefusedKey extends RuntimeException {
        private final transient Answer answer;

        RefusedKey(Answer answer) {
            super(null, null, false, false);
            this.answer = answer;
        }
    }

    /** Another worker owns the key: say which, so the caller can ask it there. */
    private <K> Answer elsewhere(String store, K key, Codec<K> keyCodec) {
        if (self == null) {
            return null;
        }
        KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, (topic, k) -> keyCodec.encode(k));
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return error(503, "no worker holds table '" + store + "' for this key right now (rebalancing or"
                    + " restoring): retry shortly");
        }
        HostInfo active = metadata.activeHost();
        if (active == null || active.equals(self) || active.equals(HostInfo.unavailable())) {
            return null;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("error", "the key is kept by the worker at " + active.host() + ":" + active.port() + ", not this one"
                + " (" + self.host() + ":" + self.port() + "): ask it there");
        body.put("owner", active.host() + ":" + active.port());
        return new Answer(409, body);
    }

    /** A value as JSON: JSON codecs embed their JSON, numbers stay numbers, anything else is text. */
    static <V> JsonNode toJson(Codec<V> codec, V value) {
        if (codec instanceof JsonCodec<V> json) {
            try {
                return MAPPER.readTree(json.encode(value));
            } catch (IOException e) {
                return JsonNodeFactory.instance.textNode(codec.format(value));
            }
        }
        if (codec == PrimitiveCodecs.LONG || codec == PrimitiveCodecs.INT) {
            return JsonNodeFactory.instance.numberNode(((Number) value).longValue());
        }
        return JsonNodeFactory.instance.textNode(codec.format(value));
    }

    private static Answer error(int status, String message) {
        return Answer.error(status, message);
    }
}
