package dev.mephisto.chat;

import dev.mephisto.chat.client.RoomSeat;
import dev.mephisto.testing.AppTestDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A chat app under {@link AppTestDriver}, with a client's vocabulary: join, say, filter, leave. */
final class ChatFixture implements AutoCloseable {

    final ChatApp chat;
    final AppTestDriver driver;
    private final List<Delivery> unread = new ArrayList<>();
    /** With fan-out at the edge, one seat per session that sent a request, as a gateway keeps them. */
    private final Map<String, RoomSeat> seats = new java.util.LinkedHashMap<>();

    ChatFixture(ChatOptions options) {
        this(ChatApp.create(options));
    }

    ChatFixture(ChatApp chat) {
        this.chat = chat;
        this.driver = AppTestDriver.create(chat.app());
    }

    static ChatFixture defaults() {
        return new ChatFixture(ChatOptions.defaults());
    }

    void send(ChatRequest request) {
        seat(request);
        driver.send(chat.requests(), request.user(), request.withTs(driver.eventTime().toEpochMilli()));
        drain();
    }

    /** Sends a request under any key, as a client that keys requests oddly would. */
    void sendKeyed(String key, ChatRequest request) {
        seat(request);
        driver.send(chat.requests(), key, request);
        drain();
    }

    private void seat(ChatRequest request) {
        if (request.user() != null && request.session() != null) {
            seats.computeIfAbsent(request.user() + "/" + request.session(),
                    k -> new RoomSeat(request.user(), request.session()));
        }
    }

    /**
     * Reads what one input caused: the private deliveries, then (fan-out at the edge) each room
     * event as each seated session receives it, as a gateway would hand them out.
     */
    void drain() {
        unread.addAll(driver.readValues(chat.deliveries()));
        for (Delivery event : driver.readValues(chat.roomEvents())) {
            for (RoomSeat seat : seats.values()) {
                seat.accept(event).ifPresent(unread::add);
            }
        }
    }

    void join(String user, int room) {
        send(ChatRequest.join(user, session(user), room));
    }

    void joinAs(String user, String session, int room) {
        send(ChatRequest.join(user, session, room));
    }

    void say(String user, String text) {
        send(ChatRequest.comment(user, session(user), text));
    }

    void filter(String user, String sport, String execution) {
        send(ChatRequest.filter(user, session(user), sport, execution));
    }

    void leave(String user) {
        send(ChatRequest.leave(user, session(user)));
    }

    void heartbeat(String user) {
        send(ChatRequest.heartbeat(user, session(user)));
    }

    static String session(String user) {
        return "session-of-" + user;
    }

    void advance(Duration duration) {
        driver.advanceWallClock(duration);
        drain();
    }

    /** Everything delivered since the last call, to anyone, in order (see {@link #drain()}). */
    List<Delivery> deliveries() {
        drain();
        List<Delivery> all = List.copyOf(unread);
        unread.clear();
        return all;
    }

    /** Everything delivered since the last call, grouped by recipient. */
    Map<String, List<Delivery>> byUser() {
        return deliveries().stream().collect(Collectors.groupingBy(Delivery::user, java.util.LinkedHashMap::new,
                Collectors.toList()));
    }

    /** A compact, readable line per delivery: {@code alex ROOM_STATUS USERJOINED bob 3}. */
    static String describe(Delivery d) {
        return switch (d.type()) {
            case ROOM_STATUS -> d.user() + " " + d.status() + (d.subject() == null ? "" : " " + d.subject())
                    + (d.room() == null ? "" : " " + d.room());
            case COMMENT -> d.user() + " " + d.room() + " " + d.from() + ": " + d.text();
            case NOTICE -> d.user() + " NOTICE " + d.text();
            case HISTORY -> d.user() + " HISTORY " + d.room() + " " + d.history().size();
            case EVENT -> d.user() + " EVENT " + d.room() + " " + d.event().sportEventId();
            case EXECUTION -> d.user() + " EXECUTION " + d.room() + " " + d.execution().executionId();
        };
    }

    List<String> described() {
        return deliveries().stream().map(ChatFixture::describe).toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
