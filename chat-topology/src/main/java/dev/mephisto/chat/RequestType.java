package dev.mephisto.chat;

/** What a client asks for in a {@link ChatRequest}. */
public enum RequestType {
    /** Take a seat in a room under a name: needs {@code room}. */
    JOIN,
    /** Say something to the room (or run a {@code /command}): needs {@code text}. */
    COMMENT,
    /** Set the room's feed filters: {@code sportFilter} and/or {@code executionFilter}. */
    FILTER,
    /** Leave the room and free the name. */
    LEAVE,
    /** Keep the session alive while it is quiet. */
    HEARTBEAT
}
