package dev.mephisto.chat;

/**
 * How a room's comments and feed events reach its members ({@link ChatOptions#withFanOut}).
 *
 * <pre>{@code
 * ChatOptions options = ChatOptions.defaults().withFanOut(FanOut.MEMBERS);
 * }</pre>
 */
public enum FanOut {
    /**
     * Once per room: the rooms stage writes one record, keyed by room, to {@code chat-room-events};
     * each gateway (and each Kafka-connected client) delivers it to its own seated members.
     */
    EDGE,
    /** Once per member: one record per member, keyed by the member, on {@code chat-deliveries}. */
    MEMBERS
}
