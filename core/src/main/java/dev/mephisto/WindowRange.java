package dev.mephisto;

import java.time.Instant;
import java.util.Objects;

/**
 * One window of a {@link WindowedTable}: from {@code start} inclusive to {@code end} exclusive.
 *
 * <pre>{@code
 * table.onWindowClose((key, window, count, ctx) -> log.info("{} in {}: {}", key, window, count));
 * }</pre>
 */
public record WindowRange(Instant start, Instant end) implements Comparable<WindowRange> {

    public WindowRange {
        Objects.requireNonNull(start, "start can't be null");
        Objects.requireNonNull(end, "end can't be null");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a window ends after it starts: " + start + " .. " + end);
        }
    }

    /** The window {@code [startMs, endMs)} in epoch milliseconds. */
    public static WindowRange ofEpochMilli(long startMs, long endMs) {
        return new WindowRange(Instant.ofEpochMilli(startMs), Instant.ofEpochMilli(endMs));
    }

    @Override
    public int compareTo(WindowRange other) {
        int byStart = start.compareTo(other.start);
        return byStart != 0 ? byStart : end.compareTo(other.end);
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
