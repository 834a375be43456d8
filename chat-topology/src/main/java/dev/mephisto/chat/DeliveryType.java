package dev.mephisto.chat;

/** What a {@link Delivery} carries. */
public enum DeliveryType {
    /** A change of, or an answer about, the room: see {@link Status}. */
    ROOM_STATUS,
    /** A comment said in the room (commands already expanded). */
    COMMENT,
    /** A sport event from {@code feed-sport-events} that passed the room's sport filter. */
    EVENT,
    /** A market execution from {@code feed-executions} that passed the room's execution filter. */
    EXECUTION,
    /** The room's recent comments, sent to a joiner right after its USERJOINED. */
    HISTORY,
    /** A private answer to the sender: {@code /help}, {@code /users}, an unknown command. */
    NOTICE
}
