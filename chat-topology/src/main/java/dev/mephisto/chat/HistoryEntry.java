package dev.mephisto.chat;

/**
 * One comment kept in a room's recent history.
 *
 * @param from who said it
 * @param text what was said, commands expanded
 * @param ts when the room received it, epoch milliseconds
 * @param seq its number in the room, 1 up (absent in history kept before 0.2)
 */
public record HistoryEntry(String from, String text, long ts, Long seq) {

    /** An entry without a number. */
    public HistoryEntry(String from, String text, long ts) {
        this(from, text, ts, null);
    }
}
