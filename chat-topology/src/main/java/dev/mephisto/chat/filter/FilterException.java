package dev.mephisto.chat.filter;

/**
 * A filter that does not parse or does not type-check; the message says what, where (a 1-based
 * character position) and what would work.
 *
 * <pre>{@code
 * try {
 *     FeedFilter.parse("sport == 1", FeedSchema.SPORT_EVENTS);
 * } catch (FilterException e) {
 *     e.getMessage(); // "'==' is not an operator at position 7: compare with '='"
 * }
 * }</pre>
 */
public final class FilterException extends Exception {

    private final int position;

    FilterException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** The 1-based character position the problem was found at, or 0 when it concerns the whole filter. */
    public int position() {
        return position;
    }
}
