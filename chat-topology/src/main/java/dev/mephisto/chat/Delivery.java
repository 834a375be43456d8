package dev.mephisto.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a user receives on {@code chat-deliveries}, keyed by the user, as JSON. Fields that do not
 * apply to the type are absent.
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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Delivery(DeliveryType type, String user, String session, Integer room, Status status, String subject,
        String reason, List<String> members, Integer capacity, String sportFilter, String executionFilter,
        String from, String text, SportEvent event, Execution execution, List<HistoryEntry> history,
        String requestId, Long requestTs) {

    static Delivery status(String user, String session, Integer room, Status status, String reason,
            String requestId, Long requestTs) {
        return new Delivery(DeliveryType.ROOM_STATUS, user, session, room, status, null, reason, null, null, null,
                null, null, null, null, null, null, requestId, requestTs);
    }

    static Delivery roomStatus(Member to, RoomState room, Status status, String subject, String reason,
            String requestId, Long requestTs) {
        return new Delivery(DeliveryType.ROOM_STATUS, to.user(), to.session(), room.room(), status, subject, reason,
                room.memberNames(), room.capacity(), room.sportFilter(), room.executionFilter(), null, null, null,
                null, null, requestId, requestTs);
    }

    static Delivery comment(Member to, int room, String from, String text, String requestId, Long requestTs) {
        return new Delivery(DeliveryType.COMMENT, to.user(), to.session(), room, null, null, null, null, null, null,
                null, from, text, null, null, null, requestId, requestTs);
    }

    static Delivery notice(String user, String session, Integer room, String text, String requestId, Long requestTs) {
        return new Delivery(DeliveryType.NOTICE, user, session, room, null, null, null, null, null, null, null, null,
                text, null, null, null, requestId, requestTs);
    }

    static Delivery history(Member to, int room, List<HistoryEntry> comments, String requestId, Long requestTs) {
        return new Delivery(DeliveryType.HISTORY, to.user(), to.session(), room, null, null, null, null, null, null,
                null, null, null, null, null, comments, requestId, requestTs);
    }

    static Delivery event(Member to, int room, SportEvent event) {
        return new Delivery(DeliveryType.EVENT, to.user(), to.session(), room, null, null, null, null, null, null,
                null, null, null, event, null, null, null, null);
    }

    static Delivery execution(Member to, int room, Execution execution) {
        return new Delivery(DeliveryType.EXECUTION, to.user(), to.session(), room, null, null, null, null, null, null,
                null, null, null, null, execution, null, null, null);
    }
}
