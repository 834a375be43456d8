package dev.mephisto.chat;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A client's request on {@code chat-requests}, as JSON. Key it by {@code user} (any key works: the
 * topology re-keys by user).
 *
 * <pre>{@code
 * {"type":"JOIN","user":"alex","session":"s-1","room":3,"ts":1767225600000,"requestId":"r-1"}
 * {"type":"COMMENT","user":"alex","session":"s-1","text":"/greet","ts":1767225601000}
 * }</pre>
 *
 * @param type what is asked
 * @param user the name, case-sensitive, unique across all rooms while its session lives
 * @param session an id the client picks per run, so a restarted client is a new session
 * @param room JOIN: the room, {@code 0..rooms-1}
 * @param text COMMENT: what is said; {@code /command args} runs a command
 * @param sportFilter FILTER: {@code NONE}, {@code ALL}, {@code SAME} or a predicate; absent means SAME
 * @param executionFilter FILTER: as {@code sportFilter}, over executions
 * @param ts the client's clock when it sent the request, epoch milliseconds (echoed on deliveries)
 * @param requestId optional, echoed on the deliveries the request causes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatRequest(RequestType type, String user, String session, Integer room, String text,
        String sportFilter, String executionFilter, Long ts, String requestId) {

    /** A JOIN of {@code user} under {@code session} to {@code room}. */
    public static ChatRequest join(String user, String session, int room) {
        return new ChatRequest(RequestType.JOIN, user, session, room, null, null, null, System.currentTimeMillis(), null);
    }

    /** A COMMENT. */
    public static ChatRequest comment(String user, String session, String text) {
        return new ChatRequest(RequestType.COMMENT, user, session, null, text, null, null, System.currentTimeMillis(),
                null);
    }

    /** A FILTER; a {@code null} filter means SAME. */
    public static ChatRequest filter(String user, String session, String sportFilter, String executionFilter) {
        return new ChatRequest(RequestType.FILTER, user, session, null, null, sportFilter, executionFilter,
                System.currentTimeMillis(), null);
    }

    /** A LEAVE. */
    public static ChatRequest leave(String user, String session) {
        return new ChatRequest(RequestType.LEAVE, user, session, null, null, null, null, System.currentTimeMillis(), null);
    }

    /** A HEARTBEAT. */
    public static ChatRequest heartbeat(String user, String session) {
        return new ChatRequest(RequestType.HEARTBEAT, user, session, null, null, null, null, System.currentTimeMillis(),
                null);
    }

    /** A copy with this request id. */
    public ChatRequest withRequestId(String id) {
        return new ChatRequest(type, user, session, room, text, sportFilter, executionFilter, ts, id);
    }

    /** A copy with this client timestamp. */
    public ChatRequest withTs(long millis) {
        return new ChatRequest(type, user, session, room, text, sportFilter, executionFilter, millis, requestId);
    }
}
