package dev.mephisto.chat;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;

/**
 * How a chat service is set up: rooms, seats per room, history kept per room, how long a quiet
 * session lives, and the partitions of its topics. Immutable; copy with the {@code withX} methods.
 * Every worker of one service must use the same options.
 *
 * <pre>{@code
 * ChatOptions options = ChatOptions.defaults().withRooms(10).withCapacity(50)
 *         .withPresenceTimeout(Duration.ofSeconds(60));
 * }</pre>
 */
public final class ChatOptions {

    /** Environment variable for {@link #withRooms}. */
    public static final String ENV_ROOMS = "CHAT_ROOMS";
    /** Environment variable for {@link #withCapacity}. */
    public static final String ENV_CAPACITY = "CHAT_CAPACITY";
    /** Environment variable for {@link #withHistorySize}. */
    public static final String ENV_HISTORY = "CHAT_HISTORY";
    /** Environment variable for {@link #withPresenceTimeout}: seconds, or a duration such as {@code 90s}, {@code 2m}. */
    public static final String ENV_PRESENCE_TIMEOUT = "CHAT_PRESENCE_TIMEOUT";
    /** Environment variable for {@link #withPartitions}. */
    public static final String ENV_PARTITIONS = "CHAT_PARTITIONS";

    private final int rooms;
    private final int capacity;
    private final int historySize;
    private final Duration presenceTimeout;
    private final int partitions;

    private ChatOptions(int rooms, int capacity, int historySize, Duration presenceTimeout, int partitions) {
        this.rooms = rooms;
        this.capacity = capacity;
        this.historySize = historySize;
        this.presenceTimeout = presenceTimeout;
        this.partitions = partitions;
    }

    /** 5 rooms of 25 seats, 20 comments of history, sessions end after 30 s without a request, 4 partitions. */
    public static ChatOptions defaults() {
        return new ChatOptions(5, 25, 20, Duration.ofSeconds(30), 4);
    }

    /** The defaults, overridden by {@code CHAT_ROOMS}, {@code CHAT_CAPACITY}, ... where set. */
    public static ChatOptions fromEnvironment(Map<String, String> env) {
        Objects.requireNonNull(env, "env can't be null");
        ChatOptions options = defaults();
        if (isSet(env, ENV_ROOMS)) {
            options = options.withRooms(parseInt(ENV_ROOMS, env.get(ENV_ROOMS)));
        }
        if (isSet(env, ENV_CAPACITY)) {
            options = options.withCapacity(parseInt(ENV_CAPACITY, env.get(ENV_CAPACITY)));
        }
        if (isSet(env, ENV_HISTORY)) {
            options = options.withHistorySize(parseInt(ENV_HISTORY, env.get(ENV_HISTORY)));
        }
        if (isSet(env, ENV_PRESENCE_TIMEOUT)) {
            options = options.withPresenceTimeout(parseDuration(ENV_PRESENCE_TIMEOUT, env.get(ENV_PRESENCE_TIMEOUT)));
        }
        if (isSet(env, ENV_PARTITIONS)) {
            options = options.withPartitions(parseInt(ENV_PARTITIONS, env.get(ENV_PARTITIONS)));
        }
        return options;
    }

    /** A copy with rooms {@code 0..rooms-1}. */
    public ChatOptions withRooms(int rooms) {
        if (rooms < 1 || rooms > 100_000) {
            throw new IllegalArgumentException("rooms must be 1 to 100000, got " + rooms);
        }
        return new ChatOptions(rooms, capacity, historySize, presenceTimeout, partitions);
    }

    /** A copy with this many seats per room. */
    public ChatOptions withCapacity(int capacity) {
        if (capacity < 1 || capacity > 10_000) {
            throw new IllegalArgumentException("capacity must be 1 to 10000 seats per room, got " + capacity);
        }
        return new ChatOptions(rooms, capacity, historySize, presenceTimeout, partitions);
    }

    /** A copy keeping this many recent comments per room (0 keeps none). */
    public ChatOptions withHistorySize(int historySize) {
        if (historySize < 0 || historySize > 1_000) {
            throw new IllegalArgumentException("history size must be 0 to 1000 comments, got " + historySize);
        }
        return new ChatOptions(rooms, capacity, historySize, presenceTimeout, partitions);
    }

    /** A copy ending sessions that send nothing (not even a heartbeat) for this long. */
    public ChatOptions withPresenceTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout can't be null");
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("presence timeout must be at least 1 s, got " + timeout);
        }
        return new ChatOptions(rooms, capacity, historySize, timeout, partitions);
    }

    /** A copy whose topics are created with this many partitions (the most workers that share the load). */
    public ChatOptions withPartitions(int partitions) {
        if (partitions < 1 || partitions > 1_000) {
            throw new IllegalArgumentException("partitions must be 1 to 1000, got " + partitions);
        }
        return new ChatOptions(rooms, capacity, historySize, presenceTimeout, partitions);
    }

    public int rooms() {
        return rooms;
    }

    public int capacity() {
        return capacity;
    }

    public int historySize() {
        return historySize;
    }

    public Duration presenceTimeout() {
        return presenceTimeout;
    }

    public int partitions() {
        return partitions;
    }

    /** How often the presence check runs: a tenth of the timeout, between 100 ms and 1 s. */
    Duration presenceCheckInterval() {
        long tenth = presenceTimeout.toMillis() / 10;
        return Duration.ofMillis(Math.max(100, Math.min(1_000, tenth)));
    }

    /** Parses {@code 30}, {@code 30s}, {@code 2m}, {@code 1h} or an ISO-8601 duration such as {@code PT30S}. */
    public static Duration parseDuration(String what, String text) {
        String value = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (value.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(value));
            }
            if (value.matches("\\d+ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.matches("\\d+[smh]")) {
                long amount = Long.parseLong(value.substring(0, value.length() - 1));
                return switch (value.charAt(value.length() - 1)) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            return Duration.parse(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a duration such as 30 (seconds), 30s, 2m or PT30S, got '"
                    + text + "'");
        }
    }

    private static int parseInt(String what, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number, got '" + text + "'");
        }
    }

    private static boolean isSet(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    @Override
    public String toString() {
        return "rooms=" + rooms + " capacity=" + capacity + " history=" + historySize + " presenceTimeout="
                + presenceTimeout.toMillis() + "ms partitions=" + partitions;
    }
}
