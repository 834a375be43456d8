package dev.mephisto;

import dev.mephisto.internal.runtime.JsonFileSink;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The built-in {@link Sink}s.
 *
 * <pre>{@code
 * app.sink("saved", messages, Sinks.jsonFiles(Path.of("processed_messages")));
 * }</pre>
 */
public final class Sinks {

    private Sinks() {
    }

    /**
     * One JSON file per record in {@code dir}, named {@code <topic>-<partition>-<offset>.json}, so a
     * replay overwrites instead of duplicating. The file holds the record's coordinates, key,
     * value (as JSON for JSON codecs), timestamp and headers; it is written to a temporary name and
     * renamed, so a reader never sees half a file.
     */
    public static <K, V> Sink<K, V> jsonFiles(Path dir) {
        Objects.requireNonNull(dir, "dir can't be null");
        return new JsonFileSink<>(dir);
    }

    /** One line per record on standard output: {@code topic/partition@offset key=... value=...}. */
    public static <K, V> Sink<K, V> stdout() {
        PrintStream out = System.out;
        return record -> out.println(record.topic() + "/" + record.partition() + "@" + record.offset() + " key="
                + record.key() + " value=" + record.value());
    }
}
