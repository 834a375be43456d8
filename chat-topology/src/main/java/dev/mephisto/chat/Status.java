package dev.mephisto.chat;

/**
 * The status word of a {@link DeliveryType#ROOM_STATUS} delivery: the first four are validations,
 * the others errors that go to the requester only.
 */
public enum Status {
    /** The JOIN passed the room-id and name checks and waits for a seat. */
    PENDING,
    /** {@code subject} joined the room; sent to every member, the joiner included. */
    USERJOINED,
    /** {@code subject} left (LEAVE, moved, or timed out); sent to the remaining members and the leaver. */
    USEREXITED,
    /** The room's filters changed; sent to every member with the new filters. */
    FILTERAPPLIED,
    /** JOIN named a room that does not exist. */
    DENIED_BADROOMID,
    /** JOIN named a user another live session holds. */
    DENIED_NAMETAKEN,
    /** JOIN found the room at capacity. */
    DENIED_ROOMFULL,
    /** FILTER had an invalid filter; {@code reason} says which and why, the filters are unchanged. */
    REJECTED_BADFILTER,
    /** COMMENT, FILTER or HEARTBEAT came from a session that has not joined (or no longer has). */
    REJECTED_NOTJOINED,
    /** The request itself was malformed: no session, unknown type, text too long. */
    REJECTED_BADREQUEST
}
