package dev.mephisto.bench;

import dev.mephisto.ClientOptions;
import dev.mephisto.TopicClient;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.ChatOptions;
import dev.mephisto.chat.Delivery;
import dev.mephisto.chat.DeliveryType;
import dev.mephisto.chat.client.TextFrames;
import dev.mephisto.chat.gateway.Gateway;
import dev.mephisto.chat.gateway.GatewayOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The edge alone: how many deliveries a second one gateway hands to its WebSocket clients, with
 * the chat topology out of the way. {@code rooms} x {@code members} clients join through the
 * gateway for real (a worker seats them); then this bench writes room-wide comments straight to
 * {@code chat-room-events} at each offered rate, as the rooms stage would, and the clients count
 * what they receive and the time from the write to the frame's arrival. Each rate writes for
 * {@code seconds}; its deliveries/s are all it wrote times the members, over the time from its
 * first write to its last arrival (so a rate the edge cannot keep up with shows its real pace). Broker, worker (idle after
 * the joins), gateway and clients share this JVM and its cores; 10 s at the middle rate warm the
 * JIT up before the first measurement. The clients only find the
 * comment's timestamp in each frame (no full JSON parse), so most of the CPU is the gateway's.
 * Run: {@code java -cp mephisto-benchmarks.jar dev.mephisto.bench.GatewayFanOut [rooms] [members]
 * [seconds] [rate,rate,...]}.
 */
public final class GatewayFanOut {

    private static final String MARK = "\"requestTs\":";

    private final LongAdder received = new LongAdder();
    private final Recorder latency = new Recorder(3);

    private GatewayFanOut() {
    }

    public static void main(String[] args) throws Exception {
        int rooms = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int members = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        List<Integer> rates = new ArrayList<>();
        for (String rate : (args.length > 3 ? args[3] : "1000,4000,8000,12000,16000").split(",")) {
            rates.add(Integer.parseInt(rate.trim()));
        }
        new GatewayFanOut().run(rooms, members, seconds, rates);
    }

    private void run(int rooms, int members, int seconds, List<Integer> rates) throws Exception {
        Path dir = Files.createTempDirectory("mephisto-gateway-fanout-");
        ChatApp chat = ChatApp.create(ChatOptions.defaults().withRooms(rooms).withCapacity(members + 5));
        try (Worker worker = Worker.start(chat.app(), WorkerOptions.defaults().withWebPort(0).withBrokerPort(0)
                .withDataDir(dir.resolve("kafka")).withStateDir(dir.resolve("state")))) {
            worker.awaitRunning(Duration.ofSeconds(120));
            Properties kafka = new Properties();
            kafka.put("bootstrap.servers", worker.bootstrapServers());
            WebSocketClient sockets = new WebSocketClient();
            sockets.setIdleTimeout(Duration.ofMinutes(5));
            sockets.start();
            try (Gateway gateway = Gateway.start(chat, kafka, GatewayOptions.defaults().withPort(0)
                    .withHost("127.0.0.1").withRequestsPerSecond(10_000));
                    TopicClient writer = TopicClient.connect(chat.app(), ClientOptions.defaults().withKafka(kafka)
                            .withClientId("gateway-fanout-bench").withKafka("linger.ms", 1))) {
                List<Session> open = join(sockets, gateway, rooms, members);
                System.out.printf(Locale.ROOT, "gateway fan-out: %d rooms x %d members = %d WebSocket clients,"
                        + " %d s per rate, comments written straight to %s%n", rooms, members, open.size(), seconds,
                        ChatApp.ROOM_EVENTS);
                System.out.printf(Locale.ROOT, "%10s %10s %14s %8s %8s %8s %6s%n", "offered/s", "written/s",
                        "deliveries/s", "p50 ms", "p99 ms", "max ms", "cores");
                long[] seq = new long[rooms];
                // the JIT compiles the gateway's and the clients' paths before anything is measured
                drive(writer, chat, rooms, 10, rates.get(rates.size() / 2), seq);
                writer.flush();
                quiet(Duration.ofSeconds(60));
                for (int rate : rates) {
                    measure(writer, chat, rooms, members, seconds, rate, seq);
                }
                for (Session session : open) {
                    session.close();
                }
            } finally {
                sockets.stop();
            }
        }
    }

    /** Connects and seats every member; returns once each has seen its own USERJOINED. */
    private List<Session> join(WebSocketClient sockets, Gateway gateway, int rooms, int members) throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + gateway.port() + "/chat");
        List<Session> open = new ArrayList<>();
        List<CompletableFuture<Void>> seated = new ArrayList<>();
        for (int room = 0; room < rooms; room++) {
            for (int m = 0; m < members; m++) {
                String user = "r" + room + "m" + m;
                CompletableFuture<Void> joined = new CompletableFuture<>();
                seated.add(joined);
                Session session = sockets.connect(new TextFrames(frame -> onFrame(frame, user, joined)),
                        uri).get(30, TimeUnit.SECONDS);
                session.sendText("{\"type\":\"JOIN\",\"user\":\"" + user + "\",\"room\":" + room + "}", Callback.NOOP);
                open.add(session);
            }
        }
        CompletableFuture.allOf(seated.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        return open;
    }

    private void onFrame(String frame, String user, CompletableFuture<Void> joined) {
        if (!joined.isDone()) {
            if (frame.contains("\"USERJOINED\"") && frame.contains("\"subject\":\"" + user + "\"")) {
                joined.complete(null);
            }
            return;
        }
        if (!frame.startsWith("{\"type\":\"COMMENT\"")) {
            return;
        }
        int at = frame.indexOf(MARK);
        if (at < 0) {
            return;
        }
        int from = at + MARK.length();
        int to = from;
        while (to < frame.length() && Character.isDigit(frame.charAt(to))) {
            to++;
        }
        long sent = Long.parseLong(frame, from, to, 10);
        received.increment();
        latency.recordValue(Math.max(0, System.currentTimeMillis() - sent));
    }

    private void measure(TopicClient writer, ChatApp chat, int rooms, int members, int seconds, int rate, long[] seq)
            throws InterruptedException {
        latency.reset();
        received.reset();
        long cpuBefore = cpuNanos();
        long began = System.nanoTime();
        long written = drive(writer, chat, rooms, seconds, rate, seq);
        long elapsed = System.nanoTime() - began;
        writer.flush();
        long last = quiet(Duration.ofSeconds(30));
        long cpu = cpuNanos() - cpuBefore;
        long missing = written * members - received.sum();
        org.HdrHistogram.Histogram h = latency.getIntervalHistogram();
        // deliveries/s: everything written, over the time from the first write to the last arrival
        double busy = (Math.max(last, began + elapsed) - began) / 1e9;
        System.out.printf(Locale.ROOT, "%,10d %,10.0f %,14.0f %8d %8d %8d %6.2f%s%n", rate, written / (elapsed / 1e9),
                received.sum() / busy, h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue(),
                cpu / 1e9 / busy, missing > 0 ? "  (" + missing + " deliveries missing)" : "");
    }

    /** Waits until no frame has arrived for half a second (at most {@code limit}); returns when the last one did. */
    private long quiet(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long seen = received.sum();
        long lastArrival = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - lastArrival < 500_000_000L) {
            Thread.sleep(10);
            long now = received.sum();
            if (now != seen) {
                seen = now;
                lastArrival = System.nanoTime();
            }
        }
        return lastArrival;
    }

    /** Writes room-wide comments round-robin over the rooms at {@code rate} a second for {@code seconds}. */
    private static long drive(TopicClient writer, ChatApp chat, int rooms, int seconds, int rate, long[] seq)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long written = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return written;
            }
            long due = (now - start) * rate / 1_000_000_000L;
            while (written < due) {
                int room = (int) (written % rooms);
                long n = ++seq[room];
                writer.send(chat.roomEvents(), Integer.toString(room), new Delivery(DeliveryType.COMMENT, null, null,
                        room, null, null, null, null, null, null, null, "bench", "comment " + n + " to room " + room,
                        null, null, null, "bench-" + room + "-" + n, System.currentTimeMillis(), null, n));
                written++;
            }
            Thread.sleep(1);
        }
    }

    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }
}
