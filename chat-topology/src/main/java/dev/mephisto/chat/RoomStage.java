package dev.mephisto.chat;

import dev.mephisto.AgentContext;
import dev.mephisto.LocalTable;
import dev.mephisto.chat.filter.FeedFilter;
import dev.mephisto.chat.filter.FeedSchema;
import dev.mephisto.chat.filter.FilterException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room-keyed stage: every command for one room lands on one partition in the order the room
 * received it, so this is where seats are counted, commands run, filters change, comments fan out
 * to the members in order, and the room's history is kept.
 */
final class RoomStage {

    private static final Logger log = LoggerFactory.getLogger(RoomStage.class);

    private final ChatApp chat;

    RoomStage(ChatApp chat) {
        this.chat = chat;
    }

    void onCommand(String key, RoomCommand command, AgentContext ctx) {
        if (command == null) {
            throw ctx.reject(Tombstones.reason(ChatApp.ROOM_COMMANDS, key, "a room command"));
        }
        if (command.type() == null || command.user() == null || command.session() == null) {
            // only the sessions stage writes this topic, and always all three: someone else wrote this one
            throw ctx.reject("a room command needs a \"type\", a \"user\" and a \"session\"; this one on "
                    + ChatApp.ROOM_COMMANDS + " (key '" + key + "') lacks one: only the chat's sessions stage"
                    + " writes room commands");
        }
        LocalTable<String, RoomState> rooms = ctx.table(chat.rooms);
        RoomState stored = rooms.get(key);
        RoomState room = stored == null ? RoomState.empty(command.room(), chat.options.capacity())
                : new RoomState(stored.room(), chat.options.capacity(), stored.members(), stored.sportFilter(),
                        stored.executionFilter());
        switch (command.type()) {
            case SEAT -> seat(ctx, key, room, command);
            case LEAVE -> leave(ctx, key, room, command);
            case COMMENT -> comment(ctx, key, room, command);
            case FILTER -> filter(ctx, key, room, command);
            default -> throw new IllegalStateException("unhandled room command " + command.type());
        }
    }

    private void seat(AgentContext ctx, String key, RoomState room, RoomCommand command) {
        Member joiner = new Member(command.user(), command.session());
        if (room.has(joiner.user(), joiner.session())) {
            // a repeated JOIN of a seated session (a client that reconnected): tell it again, nobody else
            toMember(ctx, key, joiner, Delivery.roomStatus(joiner, room, Status.USERJOINED, joiner.user(),
                    joiner.session(), null, command.requestId(), command.requestTs()));
            sendHistory(ctx, key, room, joiner, command);
            return;
        }
        if (room.full()) {
            ctx.send(chat.deliveries, joiner.user(), Delivery.roomStatus(joiner, room, Status.DENIED_ROOMFULL,
                    joiner.user(), "room " + room.room() + " is full (" + room.members().size() + " of "
                            + room.capacity() + " seats): try another room, or later",
                    command.requestId(), command.requestTs()));
            ctx.send(chat.nameReleases, joiner.user(), new NameRelease(joiner.user(), joiner.session(), room.room()));
            log.info("join denied user={} room={} reason=room-full", joiner.user(), room.room());
            return;
        }
        RoomState next = room.with(joiner);
        save(ctx, key, next);
        toRoom(ctx, key, next, Delivery.roomStatus(null, next, Status.USERJOINED, joiner.user(), joiner.session(),
                null, command.requestId(), command.requestTs()));
        sendHistory(ctx, key, next, joiner, command);
        log.info("user joined user={} room={} members={}", joiner.user(), next.room(), next.members().size());
    }

    private void sendHistory(AgentContext ctx, String key, RoomState room, Member joiner, RoomCommand command) {
        RoomHistory history = ctx.table(chat.history).get(key);
        // on the room's own path when the fan-out is at the edge: the history comes before the next comment
        toMember(ctx, key, joiner, Delivery.history(joiner, room.room(),
                history == null ? List.of() : history.comments(), command.requestId(), command.requestTs()));
    }

    private void leave(AgentContext ctx, String key, RoomState room, RoomCommand command) {
        if (!room.has(command.user(), command.session())) {
            return;
        }
        Member leaver = new Member(command.user(), command.session());
        RoomState next = room.without(command.user());
        save(ctx, key, next);
        // the leaver hears it too: with fan-out at the edge, it is seated until this record
        List<Member> told = new ArrayList<>(next.members());
        told.add(leaver);
        toRoom(ctx, key, told, Delivery.roomStatus(null, next, Status.USEREXITED, leaver.user(), leaver.session(),
                command.text(), command.requestId(), command.requestTs()));
        log.info("user exited user={} room={} reason=\"{}\" members={}", leaver.user(), next.room(), command.text(),
                next.members().size());
    }

    private void comment(AgentContext ctx, String key, RoomState room, RoomCommand command) {
        Member sender = new Member(command.user(), command.session());
        if (!room.has(sender.user(), sender.session())) {
            notSeated(ctx, room, sender, command);
            return;
        }
        CommandReply reply;
        try {
            reply = chat.commands.expand(sender.user(), room.room(), command.text(), room.memberNames());
        } catch (Exception e) {
            log.warn("command failed user={} room={} text=\"{}\" error=\"{}\"", sender.user(), room.room(),
                    command.text(), e.toString());
            reply = CommandReply.toSender("the command '" + command.text() + "' failed: " + e.getMessage());
        }
        if (reply == null) {
            return;
        }
        if (!reply.toRoom()) {
            ctx.send(chat.deliveries, sender.user(), Delivery.notice(sender.user(), sender.session(), room.room(),
                    reply.text(), command.requestId(), command.requestTs()));
            return;
        }
        Long seq = null;
        if (chat.options.history() > 0) {
            LocalTable<String, RoomHistory> histories = ctx.table(chat.history);
            RoomHistory history = histories.getOrDefault(key, new RoomHistory(room.room(), List.of()));
            seq = history.nextSeq();
            histories.put(key, history.append(new HistoryEntry(sender.user(), reply.text(), ctx.wallClockMillis(),
                    seq), chat.options.history()));
        }
        toRoom(ctx, key, room, Delivery.comment(null, room.room(), sender.user(), reply.text(), command.requestId(),
                command.requestTs(), seq));
    }

    private void filter(AgentContext ctx, String key, RoomState room, RoomCommand command) {
        Member sender = new Member(command.user(), command.session());
        if (!room.has(sender.user(), sender.session())) {
            notSeated(ctx, room, sender, command);
            return;
        }
        List<String> problems = new ArrayList<>();
        FeedFilter sport = parse("sport filter", command.sportFilter(), room.sportFilter(), FeedSchema.SPORT_EVENTS,
                problems);
        FeedFilter execution = parse("execution filter", command.executionFilter(), room.executionFilter(),
                FeedSchema.EXECUTIONS, problems);
        if (!problems.isEmpty()) {
            ctx.send(chat.deliveries, sender.user(), Delivery.roomStatus(sender, room, Status.REJECTED_BADFILTER,
                    sender.user(), String.join("; ", problems) + " (the room's filters are unchanged)",
                    command.requestId(), command.requestTs()));
            return;
        }
        RoomState next = room.withFilters(sport.text(), execution.text());
        save(ctx, key, next);
        toRoom(ctx, key, next, Delivery.roomStatus(null, next, Status.FILTERAPPLIED, sender.user(), null, null,
                command.requestId(), command.requestTs()));
        log.info("filters applied room={} by={} sport=\"{}\" execution=\"{}\"", next.room(), sender.user(),
                next.sportFilter(), next.executionFilter());
    }

    private static FeedFilter parse(String what, String requested, String current, FeedSchema schema,
            List<String> problems) {
        String text = requested == null || requested.trim().equals(FeedFilter.SAME) ? current : requested;
        try {
            return FeedFilter.parse(text, schema);
        } catch (FilterException e) {
            problems.add(what + ": " + e.getMessage());
            return null;
        }
    }

    private void notSeated(AgentContext ctx, RoomState room, Member sender, RoomCommand command) {
        ctx.send(chat.deliveries, sender.user(), Delivery.status(sender.user(), sender.session(), room.room(),
                Status.REJECTED_NOTJOINED, "you are not seated in room " + room.room() + ": JOIN it first",
                command.requestId(), command.requestTs()));
    }

    private void toRoom(AgentContext ctx, String key, RoomState room, Delivery roomWide) {
        toRoom(ctx, key, room.members(), roomWide);
    }

    /**
     * Edge fan-out: one record on {@code chat-room-events}, keyed by the room, for the gateways to
     * deliver; per-member fan-out: one record per member on {@code chat-deliveries}.
     */
    private void toRoom(AgentContext ctx, String key, List<Member> members, Delivery roomWide) {
        if (chat.options.fanOut() == FanOut.EDGE) {
            ctx.send(chat.roomEvents, key, roomWide);
            return;
        }
        for (Member member : members) {
            ctx.send(chat.deliveries, member.user(), roomWide.to(member.user(), member.session()));
        }
    }

    /** A delivery for one member that must keep its place among the room's events (USERJOINED, HISTORY). */
    private void toMember(AgentContext ctx, String key, Member member, Delivery delivery) {
        if (chat.options.fanOut() == FanOut.EDGE) {
            ctx.send(chat.roomEvents, key, delivery);
            return;
        }
        ctx.send(chat.deliveries, member.user(), delivery);
    }

    private void save(AgentContext ctx, String key, RoomState room) {
        ctx.table(chat.rooms).put(key, room);
        // the feed router only sees rooms with members: an empty room costs it nothing
        ctx.send(chat.directory, key, room.members().isEmpty() ? null : room);
    }
}
