package dev.mephisto.internal.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** What a table lookup came to, one kind per outcome; the HTTP layer decides how each is answered. */
public sealed interface LookupResult {

    /** A key-value table's value for the key, as JSON. */
    record Found(String table, String key, JsonNode value) implements LookupResult {
    }

    /** A windowed table's windows for the key, oldest first, each value as JSON. */
    record FoundWindows(String table, String key, List<WindowValue> windows) implements LookupResult {
        public FoundWindows {
            windows = List.copyOf(windows);
        }
    }

    /** One window of a windowed table and the key's value in it. */
    record WindowValue(Instant start, Instant end, JsonNode value) {
    }

    /** Another worker keeps the key: ask it at {@code owner} ({@code host:port}); {@code self} is this worker. */
    record Elsewhere(String table, String owner, String self) implements LookupResult {
    }

    /** The table has no value (or, windowed, no window) for the key. */
    record Missing(String table, String key, boolean windowed) implements LookupResult {
    }

    /** The key text is not a key of the table: {@code reason} says why, {@code keyCodec} what it should be. */
    record BadKey(String table, String key, String keyCodec, String reason) implements LookupResult {
    }

    /** The app declares no table of that name; its tables are listed. */
    record UnknownTable(String app, String table, List<String> tables, List<String> windowedTables)
            implements LookupResult {
        public UnknownTable {
            tables = List.copyOf(tables);
            windowedTables = List.copyOf(windowedTables);
        }
    }

    /** Who keeps the key, or the table itself, cannot be known right now; {@code reason} says why and when to retry. */
    record NotReady(String reason) implements LookupResult {
    }
}
