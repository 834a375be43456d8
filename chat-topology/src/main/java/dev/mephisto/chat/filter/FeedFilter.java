package dev.mephisto.chat.filter;

import java.util.Objects;

/**
 * A room's filter over one feed: {@code NONE} delivers every event, {@code ALL} none, anything else
 * is a predicate in a small SQL-WHERE language, parsed and type-checked here and evaluated by this
 * code alone (no SQL engine, nothing to inject). Immutable and thread-safe.
 *
 * <p>The language: fields of the feed ({@link FeedSchema}), numbers, {@code 'texts'} ({@code ''} for
 * a quote), {@code = <> != < <= > >=}, {@code AND}, {@code OR}, {@code NOT}, parentheses,
 * {@code [NOT] IN (v, ...)}, {@code [NOT] LIKE 'pattern'} with {@code %} and {@code _}. Keywords and
 * field names ignore case; text comparisons do not. A missing value matches nothing.
 *
 * <p>Bounded by construction, since a filter is written by any chat user and then runs on every
 * feed event: at most {@link #MAX_LENGTH} characters and {@link #MAX_DEPTH} levels of nesting; numbers
 * in the ASCII digits {@code 0-9} only; a LIKE match takes at most (text length + 1) x (pattern
 * length + 1) steps, with no backtracking. Whatever the text, parsing either returns a filter or
 * throws a {@link FilterException} with a reason and a position.
 *
 * <pre>{@code
 * FeedFilter filter = FeedFilter.parse("market = 'NASCAR' AND price >= 10", FeedSchema.EXECUTIONS);
 * boolean deliver = filter.matches(execution);
 * }</pre>
 */
public final class FeedFilter {

    /** The longest filter accepted, in characters. */
    public static final int MAX_LENGTH = 500;
    /** The deepest nesting accepted: each {@code (} and each {@code NOT} is a level. */
    public static final int MAX_DEPTH = 32;
    /** Deliver everything. */
    public static final String NONE = "NONE";
    /** Deliver nothing. */
    public static final String ALL = "ALL";
    /** Keep the room's current filter (only meaningful in a FILTER request). */
    public static final String SAME = "SAME";

    private final String text;
    private final Expression expression;
    private final boolean all;

    private FeedFilter(String text, Expression expression, boolean all) {
        this.text = text;
        this.expression = expression;
        this.all = all;
    }

    /**
     * Parses {@code text} against {@code schema}: {@code NONE}, {@code ALL} (exact upper case) or a
     * predicate. {@code SAME} is not a filter by itself: resolve it against the current one first.
     *
     * @throws FilterException saying what is wrong and where
     */
    public static FeedFilter parse(String text, FeedSchema schema) throws FilterException {
        Objects.requireNonNull(schema, "schema can't be null");
        if (text == null || text.isBlank()) {
            throw new FilterException("the filter is empty: use NONE (deliver all), ALL (deliver none), SAME, or a"
                    + " condition such as " + example(schema), 0);
        }
        String trimmed = text.trim();
        if (trimmed.length() > MAX_LENGTH) {
            throw new FilterException("the filter is " + trimmed.length() + " characters long; the limit is "
                    + MAX_LENGTH, 0);
        }
        if (trimmed.equals(NONE)) {
            return new FeedFilter(NONE, null, false);
        }
        if (trimmed.equals(ALL)) {
            return new FeedFilter(ALL, null, true);
        }
        if (trimmed.equals(SAME)) {
            throw new FilterException("SAME keeps the current filter and cannot be parsed on its own", 0);
        }
        return new FeedFilter(trimmed, FilterParser.parse(trimmed, schema), false);
    }

    /** The filter that delivers everything. */
    public static FeedFilter none() {
        return new FeedFilter(NONE, null, false);
    }

    /** The filter that delivers nothing. */
    public static FeedFilter nothing() {
        return new FeedFilter(ALL, null, true);
    }

    /** Whether an event of this filter's feed passes it. */
    public boolean matches(Object event) {
        if (all) {
            return false;
        }
        return expression == null || expression.test(event);
    }

    /** Whether this filter lets nothing through ({@code ALL}). */
    public boolean deliversNothing() {
        return all;
    }

    /** The filter as written (trimmed). */
    public String text() {
        return text;
    }

    private static String example(FeedSchema schema) {
        return schema == FeedSchema.SPORT_EVENTS ? "sport IN (1, 2)" : "market = 'NASCAR'";
    }

    @Override
    public String toString() {
        return text;
    }
}
