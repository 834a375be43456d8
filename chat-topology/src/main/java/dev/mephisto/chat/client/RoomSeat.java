package dev.mephisto.chat.client;

import dev.mephisto.chat.Delivery;
import dev.mephisto.chat.DeliveryType;
import dev.mephisto.chat.Status;
import java.util.Objects;
import java.util.Optional;

/**
 * Which records of {@code chat-room-events} one session receives, decided from the room's own
 * stream, so a member gets exactly the room's events from its USERJOINED to its USEREXITED, in the
 * room's order. Feed it every record of the partitions it may be seated in, in order; not
 * thread-safe. A gateway keeps one per connection; {@link ChatConnection} keeps one too.
 *
 * <pre>{@code
 * RoomSeat seat = new RoomSeat("alex", "s-1");
 * seat.accept(record.value()).ifPresent(socket::send);
 * }</pre>
 */
public final class RoomSeat {

    private final String user;
    private final String session;
    private Integer room;

    public RoomSeat(String user, String session) {
        this.user = Objects.requireNonNull(user, "user can't be null");
        this.session = Objects.requireNonNull(session, "session can't be null");
    }

    /**
     * The delivery this session gets for one record of {@code chat-room-events}, addressed to it,
     * or empty when it is not for this session (another room, another member's history, before
     * this session's USERJOINED or after its USEREXITED).
     */
    public Optional<Delivery> accept(Delivery record) {
        if (!takes(record)) {
            return Optional.empty();
        }
        return Optional.of(record.roomWide() ? record.to(user, session) : record);
    }

    /**
     * Whether this session receives this record of {@code chat-room-events}, as {@link #accept}
     * decides, without making its addressed copy: a gateway sends a room-wide record's one encoding
     * to every connection that takes it.
     */
    public boolean takes(Delivery record) {
        if (record == null || record.room() == null) {
            return false;
        }
        if (!record.roomWide()) {
            if (!user.equals(record.user()) || !session.equals(record.session())) {
                return false;
            }
            if (isStatus(record, Status.USERJOINED)) {
                room = record.room(); // a reconnected session, seated already
            }
            return true;
        }
        if (isStatus(record, Status.USERJOINED) && user.equals(record.subject())
                && session.equals(record.subjectSession())) {
            room = record.room();
        }
        if (!record.room().equals(room)) {
            return false;
        }
        if (isStatus(record, Status.USEREXITED) && user.equals(record.subject())) {
            room = null;
        }
        return true;
    }

    /** The room this session is seated in as far as the stream has shown, if any. */
    public Optional<Integer> room() {
        return Optional.ofNullable(room);
    }

    public String user() {
        return user;
    }

    public String session() {
        return session;
    }

    private static boolean isStatus(Delivery d, Status status) {
        return d.type() == DeliveryType.ROOM_STATUS && d.status() == status;
    }
}
