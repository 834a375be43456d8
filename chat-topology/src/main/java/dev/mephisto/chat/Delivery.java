package dev.mephisto.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a user receives, as JSON: on {@code chat-deliveries} keyed by the user, or (fan-out at the
 * edge) on {@code chat-room-events} keyed by the room, where a record without {@code user} is for
 * every seated member and one with {@code user} and {@code session} for that session only (a
 * joiner's history). A gateway stamps the recipient into a room-wide record with {@link #to}.
 * Fields that do not apply to the type are absent.
 *
 * <pre>{@code
 * {"type":"ROOM_STATUS","user":"alex","session":"s-1","room":3,"status":"USERJOINED","subject":"alex",
 *  "members":["alex"],"capacity":25,"sportFilter":"NONE","executionFilter":"NONE"}
 * {"type":"COMMENT","user":"alex","session":"s-1","room":3,"from":"alex","text":"alex says hi!","requestTs":1767225601000}
 * }</pre>
 *
 * @param type what this is
 * @param user the recipient
 * @param session the recipient's session; a client ignores deliveries for other sessions
 * @param room the room it concerns
 * @param status ROOM_STATUS: the status word
 * @param subject ROOM_STATUS: the user who joined or exited
 * @param reason ROOM_STATUS errors and USEREXITED: why, in words
 * @param members ROOM_STATUS: the room's members after the change
 * @param capacity ROOM_STATUS: the room's capacity
 * @param sportFilter ROOM_STATUS: the room's sport filter
 * @param executionFilter ROOM_STATUS: the room's execution filter
 * @param from COMMENT: who said it
 * @param text COMMENT and NOTICE: the text
 * @param event EVENT: the sport event
 * @param execution EXECUTION: the execution
 * @param history HISTORY: the room's recent comments, oldest first
 * @param requestId the request id of the request that caused it, when it had one
 * @param requestTs the client timestamp of the request that caused it
 * @param subjectSession ROOM_STATUS USERJOINED and USEREXITED: the session of the subject
 * @param seq COMMENT (and history entries): the comment's number in its room, 1 up, when the room
 *     keeps history; a client that resumes drops what it has already shown by it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Delivery(DeliveryType type, String user, String session, Integer room, Status status, String subject,
        String reason, List<String> members, Integer capacity, String sportFilter, String executionFilter,
        String from, String text, SportEvent event, Execution execution, List<HistoryEntry> history,
        String requestId, Long requestTs, String subjectSession, Long seq) {

    static Delivery status(String user, String session, Integer room, Status status, String reason,
            String requestId, Long requestTs) {
        return new Delivery(DeliveryType.ROOM_STATUS, user, session, room, status, null, reason, null, null, null,
                null, null, null, null, null, null, requestId, requestTs, null, null);
    }

    static Delivery roomStatus(Member to, RoomState room, Status status, String subject, String reason,
            String requestId, Long requestTs) {
        return roomStatus(to, room, status, subject, null, reason, requestId, requestTs);
    }

    /** A status for the room ({@code to} null: every member) or for one member. */
    static Delivery roomStatus(Member to, RoomState room, Status status, String subject, String subjectSession,
            String reason, String requestId, Long requestTs) {
        return new Delivery(DeliveryType.ROOM_STATUS, to == null ? null : to.user(), to == null ? null : to.session(),
                room.room(), status, subject, reason, room.memberNames(), room.capacity(), room.sportFilter(),
                room.executionFilter(), null, null, null, null, null, requestId, requestTs, subjectSession, null);
    }

    /** A comment for the room ({@code to} null: every member) or for one member. */
    static Delivery comment(Member to, int room, String from, String text, String requestId, Long requestTs,
            Long seq) {
        return new Delivery(DeliveryType.COMMENT, to == null ? null : to.user(), to == null ? null : to.session(),
                room, null, null, null, null, null, null, null, from, text, null, null, null, requestId, requestTs,
                null, seq);
    }

    static Delivery notice(String user, String session, Integer room, String text, String requestId, Long requestTs) {
        return new Delivery(DeliveryType.NOTICE, user, session, room, null, null, null, null, null, null, null, null,
                text, null, null, null, requestId, requestTs, null, null);
    }

    static Delivery history(Member to, int room, List<HistoryEntry> comments, String requestId, Long requestTs) {
        return new Delivery(DeliveryType.HISTORY, to.user(), to.session(), room, null, null, null, null, null, null,
                null, null, null, null, null, comments, requestId, requestTs, null, null);
    }

    static Delivery event(Member to, int room, SportEvent event) {
        return new Delivery(DeliveryType.EVENT, to == null ? null : to.user(), to == null ? null : to.session(), room,
                null, null, null, null, null, null, null, null, null, event, null, null, null, null, null, null);
    }

    static Delivery execution(Member to, int room, Execution execution) {
        return new Delivery(DeliveryType.EXECUTION, to == null ? null : to.user(), to == null ? null : to.session(),
                room, null, null, null, null, null, null, null, null, null, null, execution, null, null, null, null,
                null);
    }

    /**
     * Whether this is a room-wide record of {@code chat-room-events}, for every seated member,
     * rather than one addressed to a user.
     */
    public boolean roomWide() {
        return user == null;
    }

    /**
     * This delivery addressed to {@code user} under {@code session}: what a gateway sends a seated
     * member for a room-wide record.
     *
     * <pre>{@code
     * socket.send(json(event.to(seat.user(), seat.session())));
     * }</pre>
     */
    public Delivery to(String user, String session) {
        return new Delivery(type, user, session, room, status, subject, reason, members, capacity, sportFilter,
                executionFilter, from, text, event, execution, history, requestId, requestTs, subjectSession, seq);
    }
}
