package dev.mephisto.chat;

import dev.mephisto.AgentContext;
import dev.mephisto.LocalTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user-keyed stage: every request of one name lands on one partition, so this is where a name
 * is claimed (globally unique), where a session's presence is tracked, and where requests that need
 * a joined session are checked before they go on to their room.
 */
final class SessionStage {

    private static final Logger log = LoggerFactory.getLogger(SessionStage.class);

    private final ChatApp chat;
    private final long timeoutMs;
    /** How stale a session's last-seen time may get before a request writes it again. */
    private final long touchEveryMs;

    SessionStage(ChatApp chat) {
        this.chat = chat;
        this.timeoutMs = chat.options.presenceTimeout().toMillis();
        this.touchEveryMs = Math.min(1_000, timeoutMs / 10);
    }

    void onRequest(String user, ChatRequest request, AgentContext ctx) {
        if (request == null) {
            throw ctx.reject(Tombstones.reason(ChatApp.REQUESTS, user, "a chat request"));
        }
        if (user == null || user.isBlank()) {
            // nobody to answer: the dead-letter topic keeps it, with this reason
            throw ctx.reject("a chat request needs a \"user\" (and a \"session\" and a \"type\"); this one has"
                    + " no user, so no one can be told");
        }
        if (request.session() == null || request.session().isBlank()) {
            reply(ctx, user, null, request, request.room(), Status.REJECTED_BADREQUEST,
                    "the request has no \"session\": send a session id the client picks once per run");
            return;
        }
        if (request.type() == null) {
            reply(ctx, user, request.session(), request, request.room(), Status.REJECTED_BADREQUEST,
                    "the request has no \"type\": use JOIN, COMMENT, FILTER, LEAVE or HEARTBEAT");
            return;
        }
        long now = ctx.wallClockMillis();
        LocalTable<String, Session> sessions = ctx.table(chat.sessions);
        Session current = sessions.get(user);
        if (current != null && now - current.lastSeen() >= timeoutMs) {
            end(ctx, user, current, "timed out");
            current = null;
        }
        boolean mine = current != null && current.session().equals(request.session());
        switch (request.type()) {
            case JOIN -> join(ctx, user, request, current, mine, now);
            case COMMENT, FILTER -> forward(ctx, user, request, current, mine, now);
            case LEAVE -> {
                if (mine) {
                    sessions.delete(user);
                    send(ctx, RoomCommand.leave(user, current.session(), current.room(), "left", request));
                }
            }
            case HEARTBEAT -> {
                if (mine) {
                    touch(sessions, user, current, now);
                } else {
                    notJoined(ctx, user, request);
                }
            }
            default -> throw new IllegalStateException("unhandled request type " + request.type());
        }
    }

    private void join(AgentContext ctx, String user, ChatRequest request, Session current, boolean mine, long now) {
        Integer room = request.room();
        if (room == null) {
            reply(ctx, user, request.session(), request, null, Status.DENIED_BADROOMID, "JOIN needs a room: add"
                    + " \"room\" with a number from 0 to " + (chat.options.rooms() - 1));
            return;
        }
        if (room < 0 || room >= chat.options.rooms()) {
            reply(ctx, user, request.session(), request, room, Status.DENIED_BADROOMID, "room " + room
                    + " does not exist: rooms are 0 to " + (chat.options.rooms() - 1));
            return;
        }
        if (current != null && !mine) {
            reply(ctx, user, request.session(), request, room, Status.DENIED_NAMETAKEN, "the name '" + user
                    + "' is in use by another session: pick another name (names are case-sensitive)");
            log.info("join denied user={} room={} reason=name-taken", user, room);
            return;
        }
        if (mine && current.room() != room) {
            send(ctx, RoomCommand.leave(user, current.session(), current.room(), "moved to room " + room, request));
        }
        ctx.table(chat.sessions).put(user, new Session(request.session(), room, now));
        reply(ctx, user, request.session(), request, room, Status.PENDING, null);
        send(ctx, new RoomCommand(RoomCommand.Type.SEAT, user, request.session(), room, null, null, null,
                request.requestId(), request.ts()));
    }

    private void forward(AgentContext ctx, String user, ChatRequest request, Session current, boolean mine, long now) {
        if (!mine) {
            notJoined(ctx, user, request);
            return;
        }
        if (request.type() == RequestType.COMMENT) {
            if (request.text() == null || request.text().isBlank()) {
                reply(ctx, user, request.session(), request, current.room(), Status.REJECTED_BADREQUEST,
                        "a COMMENT needs a non-empty \"text\"");
                return;
            }
            if (request.text().length() > ChatApp.MAX_COMMENT_LENGTH) {
                reply(ctx, user, request.session(), request, current.room(), Status.REJECTED_BADREQUEST,
                        "the comment is " + request.text().length() + " characters long; the limit is "
                                + ChatApp.MAX_COMMENT_LENGTH);
                return;
            }
        }
        touch(ctx.table(chat.sessions), user, current, now);
        RoomCommand.Type type = request.type() == RequestType.COMMENT ? RoomCommand.Type.COMMENT
                : RoomCommand.Type.FILTER;
        send(ctx, new RoomCommand(type, user, request.session(), current.room(), request.text(),
                request.sportFilter(), request.executionFilter(), request.requestId(), request.ts()));
    }

    /**
     * Marks the session seen now, but writes the table (and its changelog) only when the stored time
     * is older than a tenth of the presence timeout (at most a second): a chatty session costs no
     * write per comment, and expires at most that much before its timeout.
     */
    private void touch(LocalTable<String, Session> sessions, String user, Session current, long now) {
        if (now - current.lastSeen() >= touchEveryMs) {
            sessions.put(user, current.seen(now));
        }
    }

    private void notJoined(AgentContext ctx, String user, ChatRequest request) {
        reply(ctx, user, request.session(), request, null, Status.REJECTED_NOTJOINED, "a " + request.type()
                + " needs a joined session: send JOIN first (a session also ends after "
                + chat.options.presenceTimeout().toSeconds() + " s without any request or HEARTBEAT)");
    }

    /** A room could not seat a claimed name (it was full): free the name if the claim is still that one. */
    void onRelease(String user, NameRelease release, AgentContext ctx) {
        if (release == null) {
            throw ctx.reject(Tombstones.reason(ChatApp.NAME_RELEASES, user, "a name release"));
        }
        LocalTable<String, Session> sessions = ctx.table(chat.sessions);
        Session current = sessions.get(user);
        if (current != null && current.session().equals(release.session()) && current.room() == release.room()) {
            sessions.delete(user);
        }
    }

    /** The presence timer: ends every session of this partition that has been quiet too long. */
    void expireIdle(AgentContext ctx) {
        long now = ctx.wallClockMillis();
        LocalTable<String, Session> sessions = ctx.table(chat.sessions);
        List<Map.Entry<String, Session>> expired = new ArrayList<>();
        sessions.forEach((user, session) -> {
            if (now - session.lastSeen() >= timeoutMs) {
                expired.add(Map.entry(user, session));
            }
        });
        expired.forEach(entry -> end(ctx, entry.getKey(), entry.getValue(), "timed out"));
    }

    private void end(AgentContext ctx, String user, Session session, String reason) {
        ctx.table(chat.sessions).delete(user);
        send(ctx, RoomCommand.leave(user, session.session(), session.room(), reason, null));
        log.info("session ended user={} room={} reason=\"{}\"", user, session.room(), reason);
    }

    private void send(AgentContext ctx, RoomCommand command) {
        ctx.send(chat.roomCommands, Integer.toString(command.room()), command);
    }

    private void reply(AgentContext ctx, String user, String session, ChatRequest request, Integer room,
            Status status, String reason) {
        ctx.send(chat.deliveries, user, Delivery.status(user, session, room, status, reason, request.requestId(),
                request.ts()));
    }
}
