package dev.mephisto;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The built-in {@link Feed}s: one record per line of a file or of standard input. The record's
 * key comes from the topic's ingress key extractor ({@link Topic#withIngress(java.util.function.Function)}),
 * or is {@code null}.
 *
 * <pre>{@code
 * app.feed("payments-file", received, Feeds.lines(Path.of("payments.jsonl")));
 * }</pre>
 */
public final class Feeds {

    private Feeds() {
    }

    /** Each non-empty line of {@code file}, once, then the feed ends. */
    public static <V> Feed<V> lines(Path file) {
        Objects.requireNonNull(file, "file can't be null");
        return out -> {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("feed file " + file.toAbsolutePath() + " does not exist");
            }
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                pump(reader, out);
            }
        };
    }

    /** Each non-empty line of standard input until it ends. */
    public static <V> Feed<V> stdin() {
        return out -> pump(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
    }

    private static <V> void pump(BufferedReader reader, Feed.Emitter<V> out) throws java.io.IOException {
        String line;
        while (!Thread.currentThread().isInterrupted() && (line = reader.readLine()) != null) {
            if (!line.isBlank()) {
                out.emitText(line);
            }
        }
    }
}
