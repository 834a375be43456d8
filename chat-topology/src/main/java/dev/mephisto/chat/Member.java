package dev.mephisto.chat;

/**
 * A seat in a room: a user and the session that holds the name.
 *
 * @param user the name
 * @param session the session
 */
public record Member(String user, String session) {
}
