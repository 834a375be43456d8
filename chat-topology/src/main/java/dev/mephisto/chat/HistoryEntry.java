package dev.mephisto.chat;

/**
 * One comment kept in a room's recent history.
 *
 * @param from who said it
 * @param text what was said, commands expanded
 * @param ts when the room received it, epoch milliseconds
 */
public record HistoryEntry(String from, String text, long ts) {
}
