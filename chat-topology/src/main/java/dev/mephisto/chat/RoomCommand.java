package dev.mephisto.chat;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the user stage asks of a room, on the internal topic {@code chat-room-commands} keyed by
 * room id: the user stage has already checked the name, the room stage seats and fans out.
 *
 * @param type SEAT, LEAVE, COMMENT or FILTER
 * @param user who
 * @param session which session
 * @param room the room
 * @param text COMMENT's text; LEAVE's reason
 * @param sportFilter FILTER's sport filter, null for SAME
 * @param executionFilter FILTER's execution filter, null for SAME
 * @param requestId the client's request id
 * @param requestTs the client's timestamp
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoomCommand(Type type, String user, String session, int room, String text, String sportFilter,
        String executionFilter, String requestId, Long requestTs) {

    /** What a room is asked to do. */
    public enum Type { SEAT, LEAVE, COMMENT, FILTER }

    static RoomCommand leave(String user, String session, int room, String reason, ChatRequest cause) {
        return new RoomCommand(Type.LEAVE, user, session, room, reason, null, null,
                cause == null ? null : cause.requestId(), cause == null ? null : cause.ts());
    }
}
