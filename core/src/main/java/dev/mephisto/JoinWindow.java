package dev.mephisto;

import java.time.Duration;
import java.util.Objects;

/**
 * How far apart in event time two records of a {@link Join} may be and still match, and how late a
 * record may arrive: an immutable value, made by {@link #within(Duration)} and copied by
 * {@link #withGrace(Duration)}.
 *
 * <p>A left record at time {@code t} matches every right record of the same key whose event time is
 * in {@code [t - within, t + within]}, and the other way round. The join's stream time is the
 * largest event time it has seen. A record whose window and grace have closed when it arrives
 * (stream time past {@code t + within + grace}) is <em>late</em>: it goes to the dead-letter topic as
 * kind {@code late}. A record that found no match is <em>unmatched</em> once stream time passes
 * {@code t + within + grace}: it leaves the join and its unmatched function is called; a partner
 * arriving after that, more than the grace out of order, finds nothing to match.
 *
 * <pre>{@code
 * JoinWindow window = JoinWindow.within(Duration.ofSeconds(30)).withGrace(Duration.ofSeconds(5));
 * }</pre>
 */
public final class JoinWindow {

    private final Duration within;
    private final Duration grace;

    private JoinWindow(Duration within, Duration grace) {
        this.within = within;
        this.grace = grace;
    }

    /** A window of {@code within} either side, with no grace: {@code JoinWindow.within(Duration.ofMinutes(1))}. */
    public static JoinWindow within(Duration within) {
        Objects.requireNonNull(within, "within can't be null");
        if (within.isNegative()) {
            throw new IllegalArgumentException("a join window can't be negative, got " + within);
        }
        return new JoinWindow(within, Duration.ZERO);
    }

    /** A copy that keeps windows open {@code grace} longer for records out of order, before calling them late. */
    public JoinWindow withGrace(Duration grace) {
        Objects.requireNonNull(grace, "grace can't be null");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("a join's grace can't be negative, got " + grace);
        }
        return new JoinWindow(within, grace);
    }

    /** How far apart in event time two records may be and match. */
    public Duration within() {
        return within;
    }

    /** How long after its window a record may still arrive and join. */
    public Duration grace() {
        return grace;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JoinWindow window && within.equals(window.within) && grace.equals(window.grace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(within, grace);
    }

    @Override
    public String toString() {
        return "JoinWindow(within " + within + ", grace " + grace + ")";
    }
}
