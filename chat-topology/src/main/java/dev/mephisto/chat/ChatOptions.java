package dev.mephisto.chat;

import dev.mephisto.Setting;
import dev.mephisto.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a chat service is set up: rooms, seats per room, history kept per room, how long a quiet
 * session lives, and the partitions of its topics. Immutable; copy with the {@code withX} methods.
 * Every worker of one service must use the same options. Each option is also a {@link Setting}
 * ({@link #SETTINGS}): {@code withRooms} is {@link #ROOMS}, {@code --rooms}, {@code CHAT_ROOMS}
 * and {@code chat.rooms}.
 *
 * <pre>{@code
 * ChatOptions options = ChatOptions.defaults().withRooms(10).withCapacity(50)
 *         .withPresenceTimeout(Duration.ofSeconds(60));
 * }</pre>
 */
public final class ChatOptions {

    /** {@link #withRooms}: {@code --rooms}, {@code CHAT_ROOMS}, {@code chat.rooms}. */
    public static final Setting<Integer> ROOMS = Setting.integer("chat.rooms", "Rooms 0..N-1.")
            .withDefault(5).withCheck(rooms -> rooms >= 1 && rooms <= 100_000, "must be 1 to 100000");
    /** {@link #withCapacity}: {@code --capacity}, {@code CHAT_CAPACITY}, {@code chat.capacity}. */
    public static final Setting<Integer> CAPACITY = Setting.integer("chat.capacity", "Seats per room.")
            .withDefault(25).withCheck(seats -> seats >= 1 && seats <= 10_000, "must be 1 to 10000 seats per room");
    /** {@link #withHistory}: {@code --history}, {@code CHAT_HISTORY}, {@code chat.history}. */
    public static final Setting<Integer> HISTORY = Setting.integer("chat.history",
                    "Recent comments kept per room and sent to a joiner; 0 keeps none.")
            .withDefault(20).withCheck(size -> size >= 0 && size <= 1_000, "must be 0 to 1000 comments");
    /** {@link #withPresenceTimeout}: {@code --presence-timeout}, {@code CHAT_PRESENCE_TIMEOUT}, {@code chat.presence.timeout}. */
    public static final Setting<Duration> PRESENCE_TIMEOUT = Setting.duration("chat.presence.timeout",
                    "A session that sends nothing, not even a heartbeat, for this long ends.")
            .withDefault(Duration.ofSeconds(30))
            .withCheck(timeout -> timeout.compareTo(Duration.ofSeconds(1)) >= 0, "must be 1s or more");
    /** {@link #withPartitions}: {@code --partitions}, {@code CHAT_PARTITIONS}, {@code chat.partitions}. */
    public static final Setting<Integer> PARTITIONS = Setting.integer("chat.partitions",
                    "Partitions of the topics the worker creates: the most workers that share the load.")
            .withDefault(4).withCheck(partitions -> partitions >= 1 && partitions <= 1_000, "must be 1 to 1000");
    /** {@link #withFanOut}: {@code --fan-out}, {@code CHAT_FAN_OUT}, {@code chat.fanout}. */
    public static final Setting<FanOut> FAN_OUT = Setting.of("chat.fanout", "edge|members",
                    ChatOptions::fanOut,
                    "edge: a room's comment or feed event goes through Kafka once, on chat-room-events, and the"
                            + " gateways and clients deliver it to the members; members: one record per member on"
                            + " chat-deliveries (the chat before 0.2).")
            .withDefault(FanOut.EDGE).withFormat(mode -> mode.name().toLowerCase(java.util.Locale.ROOT));
    /** Every chat setting, for {@code Cli.settings(...)}: each a flag, an environment variable and a config key. */
    public static final List<Setting<?>> SETTINGS = List.of(ROOMS, CAPACITY, HISTORY, PRESENCE_TIMEOUT, PARTITIONS,
            FAN_OUT);

    private final int rooms;
    private final int capacity;
    private final int historySize;
    private final Duration presenceTimeout;
    private final int partitions;
    private final FanOut fanOut;

    private ChatOptions(int rooms, int capacity, int historySize, Duration presenceTimeout, int partitions,
            FanOut fanOut) {
        this.rooms = rooms;
        this.capacity = capacity;
        this.historySize = historySize;
        this.presenceTimeout = presenceTimeout;
        this.partitions = partitions;
        this.fanOut = fanOut;
    }

    /**
     * 5 rooms of 25 seats, 20 comments of history, sessions end after 30 s without a request, 4
     * partitions, fan-out at the edge.
     */
    public static ChatOptions defaults() {
        return new ChatOptions(5, 25, 20, Duration.ofSeconds(30), 4, FanOut.EDGE);
    }

    /**
     * The options as resolved by the command line (flags, {@code CHAT_*} variables, {@code chat.*}
     * keys of the config file, defaults); {@code settings} must declare {@link #SETTINGS}.
     *
     * <pre>{@code
     * ChatOptions options = ChatOptions.from(Settings.defaults(ChatOptions.SETTINGS).with(ChatOptions.ROOMS, 10));
     * }</pre>
     */
    public static ChatOptions from(Settings settings) {
        Objects.requireNonNull(settings, "settings can't be null");
        return defaults().withRooms(settings.get(ROOMS)).withCapacity(settings.get(CAPACITY))
                .withHistory(settings.get(HISTORY)).withPresenceTimeout(settings.get(PRESENCE_TIMEOUT))
                .withPartitions(settings.get(PARTITIONS)).withFanOut(settings.get(FAN_OUT));
    }

    /** A copy with rooms {@code 0..rooms-1}. */
    public ChatOptions withRooms(int rooms) {
        if (rooms < 1 || rooms > 100_000) {
            throw new IllegalArgumentException("rooms must be 1 to 100000, got " + rooms);
        }
        return new ChatOptions(rooms, capacity, historySize, presenceTimeout, partitions, fanOut);
    }

    /** A copy with this many seats per room. */
    public ChatOptions withCapacity(int capacity) {
        if (capacity < 1 || capacity > 10_000) {
            throw new IllegalArgumentException("capacity must be 1 to 10000 seats per room, got " + capacity);
        }
        return new ChatOptions(rooms, capacity, historySize, presenceTimeout, partitions, fanOut);
    }

    /** A copy keeping this many recent comments per room (0 keeps none). */
    public ChatOptions withHistory(int historySize) {
        if (historySize < 0 || historySize > 1_000) {
            throw new IllegalArgumentException("history size must be 0 to 1000 comments, got " + historySize);
        }
        return new ChatOptions(rooms, capacity, historySize, presenceTimeout, partitions, fanOut);
    }

    /** A copy ending sessions that send nothing (not even a heartbeat) for this long. */
    public ChatOptions withPresenceTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout can't be null");
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("presence timeout must be at least 1 s, got " + timeout);
        }
        return new ChatOptions(rooms, capacity, historySize, timeout, partitions, fanOut);
    }

    /** A copy whose topics are created with this many partitions (the most workers that share the load). */
    public ChatOptions withPartitions(int partitions) {
        if (partitions < 1 || partitions > 1_000) {
            throw new IllegalArgumentException("partitions must be 1 to 1000, got " + partitions);
        }
        return new ChatOptions(rooms, capacity, historySize, presenceTimeout, partitions, fanOut);
    }

    /**
     * A copy with this fan-out: {@link FanOut#EDGE} (a room's comment goes through Kafka once) or
     * {@link FanOut#MEMBERS} (once per member, as before 0.2).
     */
    public ChatOptions withFanOut(FanOut fanOut) {
        Objects.requireNonNull(fanOut, "fanOut can't be null");
        return new ChatOptions(rooms, capacity, historySize, presenceTimeout, partitions, fanOut);
    }

    public int rooms() {
        return rooms;
    }

    public int capacity() {
        return capacity;
    }

    public int history() {
        return historySize;
    }

    public Duration presenceTimeout() {
        return presenceTimeout;
    }

    public int partitions() {
        return partitions;
    }

    public FanOut fanOut() {
        return fanOut;
    }

    private static FanOut fanOut(String text) {
        for (FanOut mode : FanOut.values()) {
            if (mode.name().equalsIgnoreCase(text.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is no fan-out: edge (once per room, the default) or"
                + " members (once per member)");
    }

    /** How often the presence check runs: a tenth of the timeout, between 100 ms and 1 s. */
    Duration presenceCheckInterval() {
        long tenth = presenceTimeout.toMillis() / 10;
        return Duration.ofMillis(Math.max(100, Math.min(1_000, tenth)));
    }

    @Override
    public String toString() {
        return "rooms=" + rooms + " capacity=" + capacity + " history=" + historySize + " presenceTimeout="
                + presenceTimeout.toMillis() + "ms partitions=" + partitions + " fanOut="
                + fanOut.name().toLowerCase(java.util.Locale.ROOT);
    }
}
