package dev.mephisto.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * One room as table {@code chat-rooms} keeps it, keyed by the room id as text; also what the feed
 * router sees of it on {@code chat-room-directory}.
 *
 * @param room the room
 * @param capacity seats
 * @param members in the order they joined
 * @param sportFilter the sport feed filter ({@code NONE}, {@code ALL} or a predicate)
 * @param executionFilter the execution feed filter
 */
public record RoomState(int room, int capacity, List<Member> members, String sportFilter, String executionFilter) {

    public RoomState {
        members = members == null ? List.of() : List.copyOf(members);
        sportFilter = sportFilter == null ? "NONE" : sportFilter;
        executionFilter = executionFilter == null ? "NONE" : executionFilter;
    }

    static RoomState empty(int room, int capacity) {
        return new RoomState(room, capacity, List.of(), "NONE", "NONE");
    }

    boolean has(String user, String session) {
        return members.stream().anyMatch(m -> m.user().equals(user) && m.session().equals(session));
    }

    boolean full() {
        return members.size() >= capacity;
    }

    List<String> memberNames() {
        return members.stream().map(Member::user).toList();
    }

    RoomState with(Member member) {
        List<Member> next = new ArrayList<>(members);
        next.removeIf(m -> m.user().equals(member.user()));
        next.add(member);
        return new RoomState(room, capacity, next, sportFilter, executionFilter);
    }

    RoomState without(String user) {
        List<Member> next = new ArrayList<>(members);
        next.removeIf(m -> m.user().equals(user));
        return new RoomState(room, capacity, next, sportFilter, executionFilter);
    }

    RoomState withFilters(String sport, String execution) {
        return new RoomState(room, capacity, members, sport, execution);
    }
}
