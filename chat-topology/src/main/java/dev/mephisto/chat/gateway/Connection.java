package dev.mephisto.chat.gateway;

import dev.mephisto.Codec;
import dev.mephisto.CodecException;
import dev.mephisto.chat.ChatRequest;
import dev.mephisto.chat.Delivery;
import dev.mephisto.chat.RequestType;
import dev.mephisto.chat.client.RoomSeat;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser's (or terminal's) WebSocket: reads chat requests as JSON frames, stamps them with the
 * connection's session and writes them to Kafka; sends deliveries and error frames back. Frames
 * that are no request produce nothing; a flood is refused; a client that stops reading is closed.
 * Public only because Jetty calls its listener methods by reflection; a {@link Gateway} makes one per
 * socket, nothing else can.
 */
public final class Connection implements Session.Listener.AutoDemanding {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final Codec<ChatRequest> REQUESTS = Codec.json(ChatRequest.class);

    private final Gateway gateway;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong unsentBytes = new AtomicLong();
    /** Frames of the room stream waiting for {@link #flush()} (room-reader thread only). */
    private final List<ByteBuffer> held = new ArrayList<>();
    private long heldBytes;
    /** Whether the gateway lists this connection for the flush at the end of its current batch. */
    private boolean listed;
    /** Held bytes that are written at once rather than at the end of the batch: a big batch streams. */
    private static final long HOLD_AT_MOST = 32 * 1024;
    private final TokenBucket bucket;
    private volatile Session socket;
    private volatile String user;
    private volatile String session = "s-" + id;
    private volatile RoomSeat seat;
    private volatile Integer wantedRoom;
    private volatile long lastRequestAt = System.currentTimeMillis();
    private volatile boolean closing;
    private long refusalWindowStart;
    private int refusedInWindow;

    Connection(Gateway gateway) {
        this.gateway = gateway;
        this.bucket = new TokenBucket(gateway.options().requestsPerSecond(), 2L * gateway.options().requestsPerSecond());
    }

    @Override
    public void onWebSocketOpen(Session socket) {
        this.socket = socket;
        gateway.opened(this);
        sendFrame("{\"type\":\"CONNECTED\",\"session\":\"" + session + "\",\"rooms\":" + gateway.chat().options().rooms()
                + ",\"capacity\":" + gateway.chat().options().capacity() + "}");
    }

    @Override
    public void onWebSocketText(String text) {
        if (closing) {
            return;
        }
        if (!bucket.take()) {
            refused();
            return;
        }
        ChatRequest request;
        try {
            request = REQUESTS.parse(text);
        } catch (CodecException | IllegalArgumentException e) {
            error(null, "not a chat request (JSON such as {\"type\":\"JOIN\",\"user\":\"alex\",\"room\":3}): "
                    + firstLine(e.getMessage()));
            return;
        }
        String problem = problem(request);
        if (problem != null) {
            error(request.requestId(), problem);
            return;
        }
        accept(request);
    }

    /** Refused frames get an error frame; a client that keeps sending far past its rate within a second is closed. */
    private void refused() {
        int rate = gateway.options().requestsPerSecond();
        long now = System.currentTimeMillis();
        if (now - refusalWindowStart > 1_000) {
            refusalWindowStart = now;
            refusedInWindow = 0;
        }
        if (++refusedInWindow > 5 * rate + 20) {
            close(StatusCode.POLICY_VIOLATION, "flooding: far more than " + rate + " requests a second");
            return;
        }
        error(null, "too many requests: at most " + rate + " a second; this one was dropped");
    }

    private String problem(ChatRequest request) {
        if (request == null || request.type() == null) {
            return "a request needs a \"type\": JOIN, COMMENT, FILTER, LEAVE or HEARTBEAT";
        }
        String name = request.user() == null ? user : request.user();
        if (name == null || name.isBlank()) {
            return "a request needs a \"user\": the name to chat under";
        }
        if (user != null && !user.equals(name)) {
            return "this connection speaks for '" + user + "'; open another connection to chat as '" + name + "'";
        }
        if (request.type() == RequestType.JOIN && request.room() == null) {
            return "a JOIN needs a \"room\", 0 to " + (gateway.chat().options().rooms() - 1);
        }
        return null;
    }

    private void accept(ChatRequest request) {
        if (user == null) {
            user = request.user();
            if (request.session() != null && !request.session().isBlank()) {
                session = request.session(); // a client that reconnects keeps its session, and so its seat
            }
            seat = new RoomSeat(user, session);
            gateway.identified(this);
        }
        if (request.type() == RequestType.JOIN) {
            wantedRoom = request.room();
            gateway.wants(this, request.room());
        }
        ChatRequest stamped = new ChatRequest(request.type(), user, session, request.room(), request.text(),
                request.sportFilter(), request.executionFilter(),
                request.ts() == null ? System.currentTimeMillis() : request.ts(), request.requestId());
        lastRequestAt = System.currentTimeMillis();
        gateway.produce(stamped).whenComplete((sent, failure) -> {
            if (failure != null) {
                error(request.requestId(), "the gateway could not write the request to Kafka: " + failure.getMessage());
            }
        });
    }

    /** Sends a heartbeat for the client when it has been quiet for {@code quietMillis}. */
    void heartbeatIfQuiet(long now, long quietMillis) {
        if (user == null || closing || now - lastRequestAt < quietMillis) {
            return;
        }
        lastRequestAt = now;
        gateway.produce(ChatRequest.heartbeat(user, session));
        Session s = socket;
        if (s != null && s.isOpen()) {
            s.sendPing(java.nio.ByteBuffer.allocate(0), Callback.NOOP);
        }
    }

    /**
     * A record of {@code chat-room-events}: held for the next {@link #flush()} when this
     * connection's seat takes it; a room-wide record as the bytes {@code shared} encodes once for all
     * its recipients (no user or session in it: the connection is the recipient). Room-reader
     * thread only.
     *
     * @return whether the gateway must list this connection for the flush at the end of its batch
     *         (the first frame held in the batch)
     */
    boolean onRoomEvent(Delivery event, SharedFrame shared) {
        RoomSeat s = seat;
        if (s == null || !s.takes(event)) {
            return false;
        }
        return hold(event.roomWide() ? shared.bytes() : ByteBuffer.wrap(gateway.encodeBytes(event)));
    }

    /** One room-wide record's JSON, encoded at most once, for every connection that takes it. */
    static final class SharedFrame {
        private final Gateway gateway;
        private final Delivery event;
        private ByteBuffer bytes;

        SharedFrame(Gateway gateway, Delivery event) {
            this.gateway = gateway;
            this.event = event;
        }

        /** A view of its own for each recipient: a write moves the view's position, not the others'. */
        ByteBuffer bytes() {
            if (bytes == null) {
                bytes = ByteBuffer.wrap(gateway.encodeBytes(event)).asReadOnlyBuffer();
            }
            return bytes.slice();
        }
    }

    /** A record of {@code chat-deliveries} keyed by this connection's user: delivered when it is for its session. */
    void onPrivate(Delivery delivery) {
        if (delivery.session() == null || delivery.session().equals(session)) {
            deliver(delivery);
        }
    }

    void deliver(Delivery delivery) {
        sendFrame(gateway.encode(delivery));
    }

    private void error(String requestId, String reason) {
        sendFrame("{\"type\":\"ERROR\"" + (requestId == null ? "" : ",\"requestId\":" + Gateway.quote(requestId))
                + ",\"reason\":" + Gateway.quote(reason) + "}");
    }

    void sendFrame(String json) {
        Session s = socket;
        if (s == null || !s.isOpen() || closing) {
            return;
        }
        long bytes = json.length();
        if (!admit(bytes)) {
            return;
        }
        s.sendText(json, Callback.from(() -> unsentBytes.addAndGet(-bytes), failure -> unsentBytes.addAndGet(-bytes)));
        gateway.countDelivered();
    }

    /**
     * Holds a frame of the room stream until {@link #flush()}, in order: the frames a connection
     * gets from one polled batch go out in as few writes as fit its output buffer, instead of one
     * write (and one wake-up of the client) per frame; past {@link #HOLD_AT_MOST} they are written
     * at once. Counted toward the client's unsent bytes as soon as they are held.
     */
    private boolean hold(ByteBuffer payload) {
        Session s = socket;
        if (s == null || !s.isOpen() || closing) {
            return false;
        }
        if (!admit(payload.remaining())) {
            return false;
        }
        held.add(payload);
        heldBytes += payload.remaining();
        if (heldBytes >= HOLD_AT_MOST) {
            write();
        }
        boolean first = !listed;
        listed = true;
        return first;
    }

    /** Writes the frames {@link #hold} kept, at the end of the room reader's batch. Room-reader thread only. */
    void flush() {
        listed = false;
        write();
    }

    /** Writes the held frames: all but the last batched, the last one flushing them. */
    private void write() {
        Session s = socket;
        int count = held.size();
        if (s == null || !s.isOpen()) {
            held.forEach(payload -> unsentBytes.addAndGet(-payload.remaining()));
            held.clear();
            heldBytes = 0;
            return;
        }
        CoreSession core = core(s);
        for (int i = 0; i < count; i++) {
            long bytes = held.get(i).remaining();
            core.sendFrame(new Frame(OpCode.TEXT, held.get(i)), org.eclipse.jetty.util.Callback.from(
                    () -> unsentBytes.addAndGet(-bytes), failure -> unsentBytes.addAndGet(-bytes)), i < count - 1);
        }
        gateway.countDelivered(count);
        held.clear();
        heldBytes = 0;
    }

    private static CoreSession core(Session socket) {
        return ((WebSocketSession) socket).getCoreSession();
    }

    /** Counts {@code bytes} as waiting for this client; a client already too far behind is closed instead. */
    private boolean admit(long bytes) {
        long waiting = unsentBytes.addAndGet(bytes);
        if (waiting > gateway.options().maxUnsentBytes()) {
            unsentBytes.addAndGet(-bytes);
            close(StatusCode.POLICY_VIOLATION, "too slow: " + waiting + " bytes wait for this client to read them");
            return false;
        }
        return true;
    }

    private void close(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        log.info("closing connection id={} user={} code={} reason=\"{}\"", id, user, code, reason);
        Session s = socket;
        if (s != null) {
            s.close(code, reason, Callback.NOOP);
            // a client that reads nothing never reads the close frame either: drop it after a grace period
            gateway.later(() -> {
                if (s.isOpen()) {
                    s.disconnect();
                }
            }, 5_000);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closing = true;
        gateway.closed(this);
        // a gateway that stops keeps its clients' seats: they reconnect (to it or another) under their session
        if (user != null && wantedRoom != null && !gateway.stopping()) {
            gateway.produce(ChatRequest.leave(user, session));
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        log.debug("connection error id={} user={} error=\"{}\"", id, user, cause.toString());
    }

    String user() {
        return user;
    }

    String session() {
        return session;
    }

    Integer wantedRoom() {
        return wantedRoom;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** At most {@code rate} a second on average, bursts up to {@code burst}. Jetty calls a connection's listener one frame at a time. */
    static final class TokenBucket {
        private final double rate;
        private final double burst;
        private double tokens;
        private long last = System.nanoTime();

        TokenBucket(double rate, double burst) {
            this.rate = rate;
            this.burst = burst;
            this.tokens = burst;
        }

        boolean take() {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
            last = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
