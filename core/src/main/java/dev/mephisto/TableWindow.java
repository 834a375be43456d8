package dev.mephisto;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link WindowedTable} cuts time: tumbling or hopping windows, how late a record may still
 * count (grace), and how long closed windows stay readable (retention). Immutable.
 *
 * <p>A window closes once the partition's stream time passes its end plus grace; while a
 * partition receives nothing, its stream time moves on with the wall clock, so the last window
 * closes even if no record ever follows it. Records for a closed window are dropped.
 *
 * <pre>{@code
 * TableWindow perMinute = TableWindow.tumbling(Duration.ofMinutes(1))
 *         .withGrace(Duration.ofSeconds(10))
 *         .withRetention(Duration.ofHours(1));
 * }</pre>
 */
public final class TableWindow {

    private static final Duration DEFAULT_RETENTION = Duration.ofDays(1);

    private final Duration size;
    private final Duration advance;
    private final Duration grace;
    private final Duration retention;

    private TableWindow(Duration size, Duration advance, Duration grace, Duration retention) {
        this.size = size;
        this.advance = advance;
        this.grace = grace;
        this.retention = retention;
    }

    /** Back-to-back windows of one size: each record is in exactly one window. */
    public static TableWindow tumbling(Duration size) {
        requirePositive("size", size);
        return new TableWindow(size, size, Duration.ZERO, null);
    }

    /**
     * Overlapping windows of one size starting every {@code advance}: each record is in
     * {@code size / advance} windows.
     */
    public static TableWindow hopping(Duration size, Duration advance) {
        requirePositive("size", size);
        requirePositive("advance", advance);
        if (advance.compareTo(size) > 0) {
            throw new IllegalArgumentException("a hopping window's advance (" + advance + ") must not exceed its size ("
                    + size + "); records between windows would be lost");
        }
        return new TableWindow(size, advance, Duration.ZERO, null);
    }

    /** A copy that still accepts records this long after a window's end. Default: zero. */
    public TableWindow withGrace(Duration grace) {
        Objects.requireNonNull(grace, "grace can't be null");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, got " + grace);
        }
        return new TableWindow(size, advance, grace, retention);
    }

    /**
     * A copy that keeps windows readable this long after their start (Faust's {@code expires}).
     * Default: one day, or size plus grace if longer.
     */
    public TableWindow withRetention(Duration retention) {
        requirePositive("retention", retention);
        if (retention.compareTo(size.plus(grace)) < 0) {
            throw new IllegalArgumentException("retention (" + retention + ") must be at least size plus grace ("
                    + size.plus(grace) + ") so a window is kept until it closes");
        }
        return new TableWindow(size, advance, grace, retention);
    }

    public Duration size() {
        return size;
    }

    public Duration advance() {
        return advance;
    }

    public Duration grace() {
        return grace;
    }

    public Duration retention() {
        if (retention != null) {
            return retention;
        }
        Duration minimum = size.plus(grace);
        return minimum.compareTo(DEFAULT_RETENTION) > 0 ? minimum : DEFAULT_RETENTION;
    }

    /** Whether windows overlap. */
    public boolean hopping() {
        return !advance.equals(size);
    }

    private static void requirePositive(String what, Duration value) {
        Objects.requireNonNull(value, what + " can't be null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("window " + what + " must be positive, got " + value);
        }
    }

    @Override
    public String toString() {
        return (hopping() ? "hopping(" + size + " every " + advance : "tumbling(" + size) + ", grace " + grace
                + ", retention " + retention() + ")";
    }
}
