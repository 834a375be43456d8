package dev.mephisto.chat.cli;

import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.ChatRequest;
import dev.mephisto.chat.Delivery;
import dev.mephisto.chat.DeliveryType;
import dev.mephisto.chat.Status;
import dev.mephisto.chat.client.RoomSeat;
import dev.mephisto.chat.client.TextFrames;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.SynchronizedHistogram;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import dev.mephisto.ClientOptions;
import dev.mephisto.ReadOptions;
import dev.mephisto.Received;
import dev.mephisto.TopicClient;
import dev.mephisto.TopicReader;

/**
 * Many simulated chat clients against a running chat service: they join, comment at random,
 * sometimes change the room's filters, and about 1% of the time disconnect and rejoin under a new
 * session. One consumer reads every delivery; a comment's expected recipients are the members the
 * sender's own stream showed when the comment came back to it (the room sends every membership
 * change to every member, in the room's order), so a lost delivery is exact, not estimated.
 */
final class Simulation {

    record Settings(int users, int rooms, Duration duration, Duration commentEvery, Duration warmup, long seed) {
    }

    /**
     * What a simulation saw. {@code deniedBy} counts denied joins by status ({@code DENIED_BADROOMID}...),
     * {@code deniedReason} is one denial's reason as the chat gave it (null when none was denied).
     */
    record Report(int users, int rooms, double seconds, Duration warmup, long commentsSent, long commentDeliveries,
            long allDeliveries, long lost, long unanswered, long joins, long denied, long rejoins, long filters,
            long rejected, SynchronizedHistogram latency, Map<String, Long> deniedBy, String deniedReason) {

        /** 0 when every delivery arrived and every join was seated; 1 when a delivery was lost or a join denied. */
        int exitCode() {
            return lost == 0 && denied == 0 ? 0 : 1;
        }

        void print(PrintWriter out) {
            out.printf(Locale.ROOT, "%nsimulate: %d users in %d rooms for %.1f s%n", users, rooms, seconds);
            out.printf(Locale.ROOT, "  comments sent        %,d (%.1f/s)%n", commentsSent, commentsSent / seconds);
            out.printf(Locale.ROOT, "  deliveries received  %,d comment deliveries (%.1f/s); %,d deliveries of all"
                    + " kinds%n", commentDeliveries, commentDeliveries / seconds, allDeliveries);
            out.printf(Locale.ROOT, "  lost deliveries      %,d%s%n", lost,
                    unanswered > 0 ? " (" + unanswered + " comments never came back to their sender)" : "");
            if (latency.getTotalCount() > 0) {
                out.printf(Locale.ROOT, "  latency send->delivery  p50 %d ms  p90 %d ms  p99 %d ms  p99.9 %d ms"
                                + "  max %d ms  (%,d samples after a %d s warm-up)%n", latency.getValueAtPercentile(50),
                        latency.getValueAtPercentile(90), latency.getValueAtPercentile(99),
                        latency.getValueAtPercentile(99.9), latency.getMaxValue(), latency.getTotalCount(),
                        warmup.toSeconds());
            }
            out.printf(Locale.ROOT, "  joins %d (denied %d), disconnects and rejoins %d, filter changes %d, rejected"
                    + " requests %d%n", joins, denied, rejoins, filters, rejected);
            if (denied > 0) {
                out.printf(Locale.ROOT, "users could not join: %d of %d joins were denied %s, e.g. \"%s\"; simulate"
                        + " with the worker's rooms (--rooms) and at most its capacity per room (--users), or run"
                        + " --with-worker%n", denied, joins, new TreeMap<>(deniedBy), deniedReason);
            }
            out.flush();
        }
    }

    private static final String[][] FILTERS = {
        {"NONE", "NONE"}, {"ALL", "ALL"}, {"sport IN (1, 2, 3)", "market = 'NASCAR'"},
        {"match_title LIKE 'L%'", "price > 50 AND quantity < 100"}, {"NOT sport = 7", "ALL"},
        {"SAME", "market IN ('POLITICS', 'TRACK&FIELD')"}};

    private enum State { JOINING, JOINED, AWAY }

    private final class SimUser {
        final String name;
        volatile String session;
        volatile State state = State.JOINING;
        /** Which room events this session receives (fan-out at the edge); replaced at each join, read by the reader. */
        volatile RoomSeat seat;
        int room;
        long nextAction;
        long rejoinAt;
        long lastSent;
        int sequence;

        SimUser(String name, int room) {
            this.name = name;
            this.room = room;
            this.session = newSession();
        }
    }

    private static final class Track {
        final String sender;
        final int room;
        Set<String> expected;
        final Set<String> received = new HashSet<>();
        boolean rejected;

        final long sentAt = System.currentTimeMillis();

        Track(String sender, int room) {
            this.sender = sender;
            this.room = room;
        }
    }

    private final Settings settings;
    private final ChatApp chat;
    private final Properties kafka;
    private final String bootstrap;
    private final PrintWriter out;
    private final boolean interactive;
    private final Random random;
    private final String prefix;
    private final Map<String, SimUser> users = new ConcurrentHashMap<>();
    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, List<String>>> membersSeen = new HashMap<>();
    private final SynchronizedHistogram latency = new SynchronizedHistogram(3_600_000L, 3);
    private final org.HdrHistogram.Recorder recent = new org.HdrHistogram.Recorder(3);
    private volatile long warmupEnds = Long.MAX_VALUE;
    private final AtomicLong commentsSent = new AtomicLong();
    private final AtomicLong commentDeliveries = new AtomicLong();
    private final AtomicLong allDeliveries = new AtomicLong();
    private final AtomicLong joins = new AtomicLong();
    private final AtomicLong denied = new AtomicLong();
    private final Map<String, Long> deniedBy = new ConcurrentHashMap<>();
    private volatile String deniedReason;
    private final AtomicLong rejoins = new AtomicLong();
    private final AtomicLong filters = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    private final AtomicBoolean reading = new AtomicBoolean(true);
    private Integer gatewayPort;
    private final Map<String, WebSocketLink> links = new ConcurrentHashMap<>();
    private WebSocketClient sockets;
    /**
     * Via the gateway, a disconnected client cannot receive: per user, each span from a disconnect
     * (less {@link #IN_FLIGHT_MS}, for comments still on their way) to its next USERJOINED, during
     * which its missing deliveries are counted as excused, not lost.
     */
    private final Map<String, List<long[]>> offline = new ConcurrentHashMap<>();
    private static final long IN_FLIGHT_MS = 10_000;
    private final AtomicLong excused = new AtomicLong();
    /** The users that ever joined each room: whose seats see that room's events (a seat drops what is not its). */
    private final Map<Integer, Set<SimUser>> inRoom = new ConcurrentHashMap<>();

    Simulation(Settings settings, ChatApp chat, Properties kafka, PrintWriter out, boolean interactive) {
        this.settings = settings;
        this.chat = chat;
        this.kafka = kafka;
        this.bootstrap = kafka.getProperty("bootstrap.servers");
        this.out = out;
        this.interactive = interactive;
        this.random = new Random(settings.seed());
        this.prefix = "sim" + Long.toString(Math.abs(random.nextLong()) % 100_000, 36) + "-";
    }

    /**
     * Simulated clients that connect to the gateway at {@code port} over WebSockets instead of to
     * Kafka: what they see is what a browser sees, and a disconnect closes the socket.
     */
    Simulation viaGateway(int port) {
        this.gatewayPort = port;
        return this;
    }

    Report run() throws InterruptedException {
        if (gatewayPort != null) {
            return runViaGateway();
        }
        try (TopicClient producer = client();
                TopicReader<String, Delivery> consumer = deliveries(producer);
                TopicReader<String, Delivery> rooms = producer.read(chat.roomEvents(),
                        ReadOptions.fromEnd().withReadCommitted(false))) {
            Thread reader = new Thread(() -> read(consumer), "simulate-reader");
            reader.start();
            Thread roomReader = new Thread(() -> readRooms(rooms), "simulate-room-reader");
            roomReader.start();
            long began = System.currentTimeMillis();
            warmupEnds = began + settings.warmup().toMillis();
            try {
                drive(producer, began);
                drain(Duration.ofSeconds(20));
            } finally {
                reading.set(false);
                reader.join(10_000);
                roomReader.join(10_000);
            }
            double seconds = Math.max(0.001, settings.duration().toMillis() / 1000.0);
            for (SimUser user : users.values()) {
                send(producer, ChatRequest.leave(user.name, user.session));
            }
            producer.flush();
            return report(seconds);
        }
    }

    private Report runViaGateway() throws InterruptedException {
        sockets = new WebSocketClient();
        sockets.setIdleTimeout(Duration.ofMinutes(2));
        sockets.setMaxTextMessageSize(1 << 20);
        try {
            sockets.start();
            return runSockets();
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the WebSocket client: " + e, e);
        } finally {
            try {
                sockets.stop();
            } catch (Exception e) {
                out.println("warning: the WebSocket client did not stop cleanly: " + e);
            }
        }
    }

    private Report runSockets() throws InterruptedException {
        // connect every user before the clock starts: a thousand WebSocket handshakes take a while
        List<CompletableFuture<?>> opened = new ArrayList<>();
        for (int i = 0; i < settings.users(); i++) {
            WebSocketLink link = new WebSocketLink(prefix + i);
            links.put(link.name, link);
            opened.add(link.connected);
        }
        try {
            CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new))
                    .get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not open " + settings.users() + " WebSockets to the gateway at"
                    + " localhost:" + gatewayPort + ": " + e, e);
        }
        long began = System.currentTimeMillis();
        warmupEnds = began + settings.warmup().toMillis();
        try {
            drive(null, began);
            drain(Duration.ofSeconds(20));
        } finally {
            for (SimUser user : users.values()) {
                WebSocketLink link = links.remove(user.name);
                if (link != null) {
                    link.close();
                }
            }
        }
        double seconds = Math.max(0.001, settings.duration().toMillis() / 1000.0);
        return report(seconds);
    }

    /**
     * One simulated user's WebSocket to the gateway: connects in the background (the driver never
     * waits for a handshake), sends its frames in order once connected; frames it receives are
     * observed where they are read (Jetty's client: one selector for all the users, no hand-off
     * per frame).
     */
    private final class WebSocketLink {
        private final CompletableFuture<Session> connected;
        private CompletableFuture<?> pending;
        private final String name;

        WebSocketLink(String name) {
            this.name = name;
            CompletableFuture<Session> connecting;
            try {
                connecting = sockets.connect(new TextFrames(this::onText), java.net.URI.create("ws://localhost:" + gatewayPort + "/chat"));
            } catch (java.io.IOException e) {
                connecting = CompletableFuture.failedFuture(e);
            }
            this.connected = connecting;
            this.pending = connected;
        }

        synchronized void send(String json) {
            Session open = connected.getNow(null);
            if (open != null && pending.isDone()) {
                open.sendText(json, Callback.from(() -> { }, error -> sendErrors.incrementAndGet()));
                return;
            }
            pending = pending.thenAccept(x -> connected.join().sendText(json,
                    Callback.from(() -> { }, error -> sendErrors.incrementAndGet()))).exceptionally(error -> {
                        sendErrors.incrementAndGet();
                        return null;
                    });
        }

        private void onText(String frame) {
            if (frame.startsWith("{\"type\":\"ROOM_STATUS\"") || frame.startsWith("{\"type\":\"COMMENT\"")
                    || frame.startsWith("{\"type\":\"NOTICE\"") || frame.startsWith("{\"type\":\"HISTORY\"")
                    || frame.startsWith("{\"type\":\"EVENT\"") || frame.startsWith("{\"type\":\"EXECUTION\"")) {
                Delivery delivery = DELIVERY.parse(frame);
                SimUser user = users.get(name);
                if (delivery.user() == null && user != null) {
                    delivery = delivery.to(name, user.session); // a room-wide frame: this socket is the recipient
                }
                observe(delivery, System.currentTimeMillis());
            }
        }

        /** Drops the connection without a close frame, as a client that crashes or loses its network. */
        void close() {
            connected.thenAccept(Session::disconnect);
        }
    }

    private static final dev.mephisto.Codec<Delivery> DELIVERY = dev.mephisto.Codec.json(Delivery.class);
    private static final dev.mephisto.Codec<ChatRequest> REQUEST = dev.mephisto.Codec.json(ChatRequest.class);

    private void drive(TopicClient producer, long began) throws InterruptedException {
        long end = began + settings.duration().toMillis();
        for (int i = 0; i < settings.users(); i++) {
            SimUser user = new SimUser(prefix + i, i % settings.rooms());
            users.put(user.name, user);
            join(producer, user, began);
        }
        long nextProgress = began + 1_000;
        while (true) {
            long now = System.currentTimeMillis();
            if (now >= end) {
                break;
            }
            for (SimUser user : users.values()) {
                act(producer, user, now);
            }
            if (now >= nextProgress) {
                progress(now - began);
                nextProgress += interactive ? 1_000 : 5_000;
            }
            Thread.sleep(5);
        }
        progress(System.currentTimeMillis() - began);
        if (interactive) {
            out.println();
        }
    }

    private void act(TopicClient producer, SimUser user, long now) {
        switch (user.state) {
            case AWAY -> {
                if (now >= user.rejoinAt) {
                    user.session = newSession();
                    user.room = random.nextInt(settings.rooms());
                    rejoins.incrementAndGet();
                    join(producer, user, now);
                }
            }
            case JOINING -> heartbeatIfQuiet(producer, user, now);
            case JOINED -> {
                if (now < user.nextAction) {
                    heartbeatIfQuiet(producer, user, now);
                } else {
                    doSomething(producer, user, now);
                }
            }
            default -> throw new IllegalStateException("unknown state " + user.state);
        }
    }

    private void heartbeatIfQuiet(TopicClient producer, SimUser user, long now) {
        if (now - user.lastSent >= 10_000) {
            send(producer, ChatRequest.heartbeat(user.name, user.session));
            user.lastSent = now;
        }
    }

    private void doSomething(TopicClient producer, SimUser user, long now) {
        double dice = random.nextDouble();
        if (dice < 0.01) {
            if (gatewayPort != null) {
                WebSocketLink link = links.remove(user.name);
                if (link != null) {
                    List<long[]> away = offline.computeIfAbsent(user.name, u -> new ArrayList<>());
                    synchronized (away) {
                        away.add(new long[] {now, Long.MAX_VALUE});
                    }
                    link.close(); // the gateway tells the room this user left
                }
            } else {
                send(producer, ChatRequest.leave(user.name, user.session));
            }
            user.state = State.AWAY;
            user.rejoinAt = now + 500 + random.nextInt(1_500);
        } else if (dice < 0.02) {
            String[] pair = FILTERS[random.nextInt(FILTERS.length)];
            send(producer, ChatRequest.filter(user.name, user.session, pair[0], pair[1]));
            filters.incrementAndGet();
        } else {
            String id = user.name + "-" + (++user.sequence);
            tracks.put(id, new Track(user.name, user.room));
            send(producer, ChatRequest.comment(user.name, user.session, "message " + user.sequence + " from "
                    + user.name).withRequestId(id).withTs(System.currentTimeMillis()));
            commentsSent.incrementAndGet();
        }
        user.lastSent = now;
        user.nextAction = now + nextInterval();
    }

    private void join(TopicClient producer, SimUser user, long now) {
        user.state = State.JOINING;
        user.lastSent = now;
        user.nextAction = now + nextInterval();
        joins.incrementAndGet();
        user.seat = new RoomSeat(user.name, user.session);
        inRoom.computeIfAbsent(user.room, r -> ConcurrentHashMap.newKeySet()).add(user);
        if (gatewayPort != null && !links.containsKey(user.name)) {
            links.put(user.name, new WebSocketLink(user.name)); // a rejoin after a disconnect: a new socket
        }
        send(producer, ChatRequest.join(user.name, user.session, user.room));
    }

    private long nextInterval() {
        double mean = settings.commentEvery().toMillis();
        return (long) Math.max(1, -mean * Math.log(1 - random.nextDouble()));
    }

    private String newSession() {
        return "s" + Long.toString(Math.abs(random.nextLong()) % 1_000_000_000L, 36);
    }

    private void send(TopicClient producer, ChatRequest request) {
        if (gatewayPort != null) {
            WebSocketLink link = links.get(request.user());
            if (link != null) {
                link.send(REQUEST.format(request));
            }
            return;
        }
        producer.send(chat.requests(), request.user(), request).whenComplete((sent, error) -> {
            if (error != null) {
                sendErrors.incrementAndGet();
            }
        });
    }

    // ---- the reader ----

    private void read(TopicReader<String, Delivery> consumer) {
        while (reading.get()) {
            for (Received<String, Delivery> record : consumer.poll(Duration.ofMillis(50))) {
                if (record.failure().isPresent() || record.key() == null || !record.key().startsWith(prefix)) {
                    continue;
                }
                Delivery delivery = record.value();
                if (delivery != null) {
                    observe(delivery, System.currentTimeMillis());
                }
            }
        }
    }

    /** Fan-out at the edge: each room event, to each seated session of this run, as a gateway delivers it. */
    private void readRooms(TopicReader<String, Delivery> rooms) {
        while (reading.get()) {
            for (Received<String, Delivery> record : rooms.poll(Duration.ofMillis(50))) {
                Delivery event = record.value();
                if (record.failure().isPresent() || event == null || event.room() == null) {
                    continue;
                }
                long now = System.currentTimeMillis();
                for (SimUser user : inRoom.getOrDefault(event.room(), Set.of())) {
                    RoomSeat seat = user.seat;
                    if (seat != null) {
                        seat.accept(event).ifPresent(d -> observe(d, now));
                    }
                }
            }
        }
    }

    private synchronized void observe(Delivery d, long now) {
        allDeliveries.incrementAndGet();
        SimUser user = users.get(d.user());
        if (d.type() == DeliveryType.ROOM_STATUS) {
            if (d.members() != null && d.room() != null) {
                membersSeen.computeIfAbsent(d.user(), u -> new HashMap<>()).put(d.room(), d.members());
            }
            if (user != null && d.status() == Status.USERJOINED && d.user().equals(d.subject())
                    && user.session.equals(d.session())) {
                user.state = State.JOINED;
                List<long[]> away = offline.get(user.name);
                if (away != null) {
                    synchronized (away) {
                        away.stream().filter(span -> span[1] == Long.MAX_VALUE).forEach(span -> span[1] = now);
                    }
                }
            }
            if (d.status() != null && d.status().name().startsWith("DENIED_")) {
                denied.incrementAndGet();
                deniedBy.merge(d.status().name(), 1L, Long::sum);
                if (deniedReason == null) {
                    deniedReason = d.reason();
                }
                if (user != null && user.session.equals(d.session())) {
                    user.state = State.AWAY;
                    user.rejoinAt = now + 1_000;
                }
            }
            if (d.status() != null && d.status().name().startsWith("REJECTED_")) {
                rejected.incrementAndGet();
                Track track = d.requestId() == null ? null : tracks.get(d.requestId());
                if (track != null) {
                    track.rejected = true;
                }
            }
            return;
        }
        if (d.type() != DeliveryType.COMMENT || d.requestId() == null) {
            return;
        }
        commentDeliveries.incrementAndGet();
        if (d.requestTs() != null) {
            long ms = Math.min(3_600_000L, Math.max(0, now - d.requestTs()));
            recent.recordValue(ms);
            if (now >= warmupEnds) {
                latency.recordValue(ms);
            }
        }
        Track track = tracks.get(d.requestId());
        if (track == null) {
            return;
        }
        synchronized (track) {
            track.received.add(d.user());
            if (d.user().equals(d.from())) {
                List<String> members = membersSeen.getOrDefault(d.user(), Map.of()).get(d.room());
                track.expected = new HashSet<>(members == null ? List.of(d.user()) : members);
            }
        }
    }

    private void drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // a track once complete stays complete: only the others are looked at again (the drain
        // shares the cores with the deliveries it waits for)
        List<Track> pending = new ArrayList<>(tracks.values());
        while (System.nanoTime() < deadline && outstanding(pending) > 0) {
            Thread.sleep(250);
        }
        Thread.sleep(300); // a last look for stragglers
    }

    /** How many of {@code pending} still miss a delivery; the complete ones are removed from it. */
    private long outstanding(List<Track> pending) {
        long missing = 0;
        for (java.util.Iterator<Track> each = pending.iterator(); each.hasNext(); ) {
            Track track = each.next();
            synchronized (track) {
                if (track.rejected || (track.expected != null && track.received.containsAll(track.expected))) {
                    each.remove();
                    continue;
                }
                if (track.expected == null) {
                    if (!wasOffline(track.sender, track.sentAt)) {
                        missing++;
                    }
                } else if (track.expected.stream().anyMatch(m -> !track.received.contains(m)
                        && !wasOffline(m, track.sentAt))) {
                    missing++;
                }
            }
        }
        return missing;
    }

    /** Whether {@code user} was disconnected (via the gateway) around {@code sentAt}, so could not receive it. */
    private boolean wasOffline(String user, long sentAt) {
        List<long[]> away = offline.get(user);
        if (away == null) {
            return false;
        }
        synchronized (away) {
            return away.stream().anyMatch(span -> sentAt >= span[0] - IN_FLIGHT_MS && sentAt <= span[1]);
        }
    }

    private Report report(double seconds) {
        long lost = 0;
        long unanswered = 0;
        for (Track track : tracks.values()) {
            synchronized (track) {
                if (track.rejected) {
                    continue;
                }
                if (track.expected == null) {
                    if (wasOffline(track.sender, track.sentAt)) {
                        excused.incrementAndGet();
                        continue;
                    }
                    unanswered++;
                    lost++;
                    continue;
                }
                for (String member : track.expected) {
                    if (track.received.contains(member)) {
                        continue;
                    }
                    if (wasOffline(member, track.sentAt)) {
                        excused.incrementAndGet();
                    } else {
                        lost++;
                    }
                }
            }
        }
        if (sendErrors.get() > 0) {
            out.println("warning: " + sendErrors.get() + " requests could not be sent");
        }
        if (gatewayPort != null) {
            out.printf(Locale.ROOT, "  not delivered to clients that had disconnected (1%% of actions): %,d%n",
                    excused.get());
        }
        return new Report(settings.users(), settings.rooms(), seconds, settings.warmup(), commentsSent.get(), commentDeliveries.get(),
                allDeliveries.get(), lost, unanswered, joins.get(), denied.get(), rejoins.get(), filters.get(),
                rejected.get(), latency, Map.copyOf(deniedBy), deniedReason);
    }

    private void progress(long elapsedMs) {
        double seconds = Math.max(0.001, elapsedMs / 1000.0);
        long joined = users.values().stream().filter(u -> u.state == State.JOINED).count();
        org.HdrHistogram.Histogram interval = recent.getIntervalHistogram();
        String line = String.format(Locale.ROOT, "[%4.0fs] joined %d/%d  comments %,d (%.0f/s)  deliveries %,d"
                + " (%.0f/s)  latency now p50 %d ms  p99 %d ms", seconds, joined, users.size(), commentsSent.get(),
                commentsSent.get() / seconds, commentDeliveries.get(), commentDeliveries.get() / seconds,
                interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(50),
                interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(99));
        if (interactive) {
            out.print("\r\033[2K" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    private TopicClient client() {
        return TopicClient.connect(chat.app(), ClientOptions.defaults().withKafka(kafka)
                .withClientId("chat-simulate").withTimeout(Duration.ofSeconds(15))
                .withKafka("linger.ms", 1).withKafka("fetch.max.wait.ms", 50).withKafka("max.poll.records", 5_000));
    }

    /** Every partition of the deliveries, from their ends now, as the chat's own clients read them (not waiting for commits). */
    private TopicReader<String, Delivery> deliveries(TopicClient client) {
        TopicReader<String, Delivery> reader;
        try {
            reader = client.read(chat.deliveries(), ReadOptions.fromEnd().withReadCommitted(false));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException("no Kafka broker answers at " + bootstrap + ": start a chat worker, pass"
                    + " --broker host:port, or run 'simulate --with-worker'", e);
        }
        if (reader.partitions().isEmpty()) {
            reader.close();
            throw new IllegalStateException("topic " + ChatApp.DELIVERIES + " does not exist at " + bootstrap
                    + ": start a chat worker first, or run 'simulate --with-worker'");
        }
        return reader;
    }
}
