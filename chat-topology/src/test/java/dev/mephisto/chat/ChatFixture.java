package dev.mephisto.chat;

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
        driver.send(chat.requests(), request.user(), request.withTs(driver.eventTime().toEpochMilli()));
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
    }

    /** Everything delivered since the last call, to anyone, in order. */
    List<Delivery> deliveries() {
        unread.addAll(driver.readValues(chat.deliveries()));
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
