package dev.mephisto;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link WindowedTable} cuts time: tumbling or hopping windows of a fixed size, or session
 * windows that a gap of inactivity ends; how late a record may still count (grace), and how long
 * closed windows stay readable (retention). Immutable.
 *
 * <p>A window closes once the partition's stream time passes its end plus grace; while a
 * partition receives nothing, its stream time moves on with the wall clock, so the last window
 * closes even if no record ever follows it. A write for a record whose windows have all closed makes
 * the record a dead letter of kind {@code late} (see {@link DeadLetter.Kind#LATE}), and the agent stops
 * handling it there.
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
    private final Duration gap;

    private TableWindow(Duration size, Duration advance, Duration grace, Duration retention, Duration gap) {
        this.size = size;
        this.advance = advance;
        this.grace = grace;
        this.retention = retention;
        this.gap = gap;
    }

    /** Back-to-back windows of one size: each record is in exactly one window. */
    public static TableWindow tumbling(Duration size) {
        requirePositive("size", size);
        return new TableWindow(size, size, Duration.ZERO, null, null);
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
        return new TableWindow(size, advance, Duration.ZERO, null, null);
    }

    /**
     * Session windows (Kafka Streams' and Faust's missing one): per key, a window that lasts while records
     * keep coming less than {@code gap} apart. A record within {@code gap} of a key's session extends it, one
     * between two sessions merges them, and the session closes when stream time passes its last record plus
     * the gap (plus grace). Its {@link WindowRange} runs from its first record to just after its last. For
     * presence: {@link LocalWindowedTable#now} is the value of the session still open at the wall clock's now.
     *
     * <pre>{@code
     * TableWindow visit = TableWindow.session(Duration.ofMinutes(5));   // five idle minutes end a visit
     * }</pre>
     */
    public static TableWindow session(Duration gap) {
        requirePositive("gap", gap);
        return new TableWindow(gap, gap, Duration.ZERO, null, gap);
    }

    /** A copy that still accepts records this long after a window's end. Default: zero. */
    public TableWindow withGrace(Duration grace) {
        Objects.requireNonNull(grace, "grace can't be null");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, got " + grace);
        }
        return new TableWindow(size, advance, grace, retention, gap);
    }

    /**
     * A copy that keeps windows readable this long after their start (Faust's {@code expires}).
     * Default: one day, or size plus grace if longer.
     */
    public TableWindow withRetention(Duration retention) {
        requirePositive("retention", retention);
        if (retention.compareTo(size.plus(grace)) < 0) {
            throw new IllegalArgumentException("retention (" + retention + ") must be at least " + (gap != null ? "gap"
                    : "size") + " plus grace (" + size.plus(grace) + ") so a window is kept until it closes");
        }
        return new TableWindow(size, advance, grace, retention, gap);
    }

    /** A fixed window's size; for a session window, its gap. */
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

    /** Whether these are session windows ({@link #session}). */
    public boolean isSession() {
        return gap != null;
    }

    /** A session window's gap of inactivity, or empty for fixed windows. */
    public java.util.Optional<Duration> gap() {
        return java.util.Optional.ofNullable(gap);
    }

    private static void requirePositive(String what, Duration value) {
        Objects.requireNonNull(value, what + " can't be null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("window " + what + " must be positive, got " + value);
        }
    }

    @Override
    public String toString() {
        if (gap != null) {
            return "session(gap " + gap + ", grace " + grace + ", retention " + retention() + ")";
        }
        return (hopping() ? "hopping(" + size + " every " + advance : "tumbling(" + size) + ", grace " + grace
                + ", retention " + retention() + ")";
    }
}
