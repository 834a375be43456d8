package dev.mephisto.chat;

import dev.mephisto.App;
import dev.mephisto.AppConfig;
import dev.mephisto.Codec;
import dev.mephisto.KeyValueTable;
import dev.mephisto.Topic;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The multi-room chat service as a Mephisto app. Clients write {@link ChatRequest}s to
 * {@code chat-requests} and read {@link Delivery}s keyed by their name from
 * {@code chat-deliveries} (and, with fan-out at the edge, their rooms' events from
 * {@code chat-room-events}); feeds arrive on {@code feed-sport-events} and {@code feed-executions}.
 *
 * <p>Three stages, each owning what it decides: {@code sessions} (keyed by user) claims names, so a
 * name is unique across every partition and worker, and tracks presence; {@code rooms} (keyed by
 * room) seats members, runs commands, applies filters, fans comments out and keeps history; the
 * {@code feed-router} reads a global directory of the non-empty rooms and delivers each feed event to
 * the members of the rooms whose filter it passes.
 *
 * <pre>{@code
 * Cli.main(args, settings -> ChatApp.create(ChatOptions.from(settings))
 *         .command("roll", "roll a die", call -> CommandReply.toRoom(call.sender() + " rolls " + roll()))
 *         .app());
 * }</pre>
 */
public final class ChatApp {

    /** The app's name and Kafka Streams application id. */
    public static final String NAME = "chat";
    /** Where clients write requests. */
    public static final String REQUESTS = "chat-requests";
    /** Where users read what is delivered to them, keyed by user. */
    public static final String DELIVERIES = "chat-deliveries";
    /**
     * Where, with fan-out at the edge ({@link FanOut#EDGE}), a room's comments, feed events and
     * membership changes go once, keyed by room id as text, in the room's order.
     */
    public static final String ROOM_EVENTS = "chat-room-events";
    /** The sport events feed. */
    public static final String SPORT_EVENTS = "feed-sport-events";
    /** The market executions feed. */
    public static final String EXECUTIONS = "feed-executions";
    /** The table of each room's recent comments, keyed by room id as text. */
    public static final String HISTORY = "chat-history";
    /** The table of the rooms, keyed by room id as text. */
    public static final String ROOMS = "chat-rooms";
    /** The table of who holds which name, keyed by user. */
    public static final String SESSIONS = "chat-sessions";
    /** The longest comment accepted, in characters. */
    public static final int MAX_COMMENT_LENGTH = 2_000;

    static final String ROOM_COMMANDS = "chat-room-commands";
    static final String NAME_RELEASES = "chat-name-releases";
    static final String DIRECTORY = "chat-room-directory";
    static final String DIRECTORY_STORE = "chat-room-directory-store";

    final ChatOptions options;
    final Commands commands = new Commands();
    final App app;
    final Topic<String, ChatRequest> requests;
    final Topic<String, Delivery> deliveries;
    final Topic<String, Delivery> roomEvents;
    final Topic<String, SportEvent> sportEvents;
    final Topic<String, Execution> executions;
    final Topic<String, RoomCommand> roomCommands;
    final Topic<String, NameRelease> nameReleases;
    final Topic<String, RoomState> directory;
    final KeyValueTable<String, Session> sessions;
    final KeyValueTable<String, RoomState> rooms;
    final KeyValueTable<String, RoomHistory> history;

    private ChatApp(ChatOptions options, UnaryOperator<AppConfig> configure) {
        this.options = options;
        // a malformed request goes to core's dead-letter topic (chat.dlq), never stops the worker
        this.app = App.create(NAME, configure.apply(AppConfig.defaults()
                .withTopicPartitions(options.partitions())
                // chat is interactive: ship records within milliseconds, not Kafka Streams' 100 ms
                .withKafka("linger.ms", 5)
                .withKafka("commit.interval.ms", 1_000)
                // write table updates through at once: no cache flush bursts at each commit
                .withKafka("statestore.cache.max.bytes", 0)));
        // declared, so a request its writer keyed by user (the gateway and the clients do) is handled on
        // its own partition: only the others cross the requests-by-user repartition topic
        requests = app.topic(Topic.of(REQUESTS, Codec.string(), Codec.json(ChatRequest.class))
                .withPartitions(options.partitions()));
        deliveries = app.topic(DELIVERIES, Codec.string(), Codec.json(Delivery.class));
        roomEvents = app.topic(ROOM_EVENTS, Codec.string(), Codec.json(Delivery.class));
        sportEvents = app.topic(SPORT_EVENTS, Codec.string(), Codec.json(SportEvent.class));
        executions = app.topic(EXECUTIONS, Codec.string(), Codec.json(Execution.class));
        roomCommands = app.topic(ROOM_COMMANDS, Codec.string(), Codec.json(RoomCommand.class));
        nameReleases = app.topic(NAME_RELEASES, Codec.string(), Codec.json(NameRelease.class));
        directory = app.topic(Topic.of(DIRECTORY, Codec.string(), Codec.json(RoomState.class)).withCompaction());
        sessions = app.table(SESSIONS, Codec.string(), Codec.json(Session.class));
        rooms = app.table(ROOMS, Codec.string(), Codec.json(RoomState.class));
        history = app.table(HISTORY, Codec.string(), Codec.json(RoomHistory.class));

        SessionStage sessionStage = new SessionStage(this);
        // a tombstone keeps its key through the re-key, so its dead letter still says whose it was
        app.agent("sessions", requests.rekey("requests-by-user",
                        (key, request) -> request == null ? (key == null ? "" : key)
                                : request.user() == null ? "" : request.user(),
                        Codec.string()),
                sessionStage::onRequest)
                .sendsTo(deliveries, roomCommands)
                .uses(sessions)
                .onWallClock(options.presenceCheckInterval(), sessionStage::expireIdle);
        app.agent("name-releases", nameReleases, sessionStage::onRelease).uses(sessions);

        RoomStage roomStage = new RoomStage(this);
        app.agent("rooms", roomCommands, roomStage::onCommand)
                .sendsTo(deliveries, roomEvents, nameReleases, directory)
                .uses(rooms, history);

        app.streams("feed-router", builder -> FeedRouter.build(this, builder));
    }

    /** A chat service with these options and the chat's default Kafka settings. */
    public static ChatApp create(ChatOptions options) {
        return create(options, config -> config);
    }

    /**
     * A chat service with these options; {@code configure} adjusts the app's settings after the
     * chat's own (broker, threads, guarantee, raw Kafka properties).
     *
     * <pre>{@code
     * ChatApp chat = ChatApp.create(ChatOptions.defaults(), config -> config.withBroker("kafka:9092").withThreads(2));
     * }</pre>
     */
    public static ChatApp create(ChatOptions options, UnaryOperator<AppConfig> configure) {
        Objects.requireNonNull(options, "options can't be null");
        Objects.requireNonNull(configure, "configure can't be null");
        return new ChatApp(options, configure);
    }

    /**
     * Registers a slash command: {@code /name args} in a comment runs {@code command} in the room
     * before fan-out. Replaces a built-in of the same name.
     *
     * <pre>{@code
     * chat.command("shrug", "shrug at the room", call -> CommandReply.toRoom(call.args() + " ¯\\_(ツ)_/¯"));
     * }</pre>
     */
    public ChatApp command(String name, String description, ChatCommand command) {
        commands.register(name, description, command);
        return this;
    }

    /** The Mephisto app: run it with {@code Cli.main(args, settings -> ...app())} or {@code Worker.start(app())}. */
    public App app() {
        return app;
    }

    /** The options it was made with. */
    public ChatOptions options() {
        return options;
    }

    /** {@code chat-requests}. */
    public Topic<String, ChatRequest> requests() {
        return requests;
    }

    /** {@code chat-deliveries}, keyed by user. */
    public Topic<String, Delivery> deliveries() {
        return deliveries;
    }

    /**
     * {@code chat-room-events}, keyed by room id as text: with {@link FanOut#EDGE}, each room's
     * comments, feed events and membership changes, once per room; see {@link Delivery#roomWide()}.
     */
    public Topic<String, Delivery> roomEvents() {
        return roomEvents;
    }

    /**
     * {@code chat-room-directory}: each room with members, keyed by room id as text, compacted; a
     * room that empties is a tombstone. What the feed router and the gateway's room directory read.
     */
    public Topic<String, RoomState> roomDirectory() {
        return directory;
    }

    /** {@code feed-sport-events}. */
    public Topic<String, SportEvent> sportEvents() {
        return sportEvents;
    }

    /** {@code feed-executions}. */
    public Topic<String, Execution> executions() {
        return executions;
    }

    /** {@code chat-history}: each room's recent comments, keyed by room id as text. */
    public KeyValueTable<String, RoomHistory> history() {
        return history;
    }

    /** {@code chat-rooms}: each room's members and filters, keyed by room id as text. */
    public KeyValueTable<String, RoomState> rooms() {
        return rooms;
    }

    /** {@code chat-sessions}: who holds each name, keyed by user. */
    public KeyValueTable<String, Session> sessions() {
        return sessions;
    }
}
