package dev.mephisto.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped apps under load: each app's own {@code simulate} command, run in a child JVM (its own
 * embedded broker, worker and simulated clients, default JVM flags) once per load, and the figures
 * of its final report gathered into one table, so the table shows how latency grows with load.
 */
final class SimulateLoads {

    /** One simulate run: what was offered, what came through, latency, and what the report said. */
    record Result(String app, String load, double offeredPerSecond, double sentPerSecond, double throughput,
            String throughputUnit, long p50Ms, long p99Ms, long maxMs, String outcome, long peakRssMb,
            String note) {
    }

    private static final Pattern CHAT_SENT = Pattern.compile("comments sent\\s+[\\d,]+ \\(([\\d.]+)/s\\)");
    private static final Pattern CHAT_DELIVERED = Pattern.compile("deliveries received\\s+[\\d,]+ comment deliveries"
            + " \\(([\\d.]+)/s\\)");
    private static final Pattern CHAT_LOST = Pattern.compile("lost deliveries\\s+([\\d,]+)");
    private static final Pattern CHAT_LATENCY = Pattern.compile("latency send->delivery\\s+p50 (\\d+) ms\\s+p90 \\d+ ms"
            + "\\s+p99 (\\d+) ms\\s+p99\\.9 \\d+ ms\\s+max (\\d+) ms");
    private static final Pattern PAY_SENT = Pattern.compile("^sent:\\s+\\d+ payments in [\\d.]+ s = (\\d+)/s");
    static final Pattern PAY_PROCESSED = Pattern.compile("^processed:\\s+(\\d+) of (\\d+) distinct valid"
            + " payments, (\\d+) processed twice; (\\d+) payments/s");
    /** The end-to-end figure: every payment processed, reconciled or overdue, and the balances exact. */
    static final Pattern PAY_SETTLED = Pattern.compile("^settled:\\s+(\\d+) payments/s end to end");
    static final Pattern PAY_LATENCY = Pattern.compile("^latency:.* p50 (\\d+) ms, p99 (\\d+) ms, max (\\d+) ms");
    static final Pattern PAY_RESULT = Pattern.compile("^result:\\s+(.*)$");

    private final Duration duration;
    private final Duration warmup;

    SimulateLoads(Duration duration, Duration warmup) {
        this.duration = duration;
        this.warmup = warmup;
    }

    /**
     * Chat at {@code commentsPerSecond}: rooms of 25 ({@code rooms} x 25 users), each user
     * commenting every {@code users / rate} on average.
     */
    Result chat(int rooms, int commentsPerSecond) throws IOException, InterruptedException {
        return chat(rooms, commentsPerSecond, ChatPath.MEMBERS);
    }

    /** How the chat's deliveries reach the simulated users: the two rows of the side-by-side table. */
    enum ChatPath {
        /** One record per member on chat-deliveries, read by Kafka clients (the chat before 0.2). */
        MEMBERS("chat/members", "--fanout", "members"),
        /** One record per room on chat-room-events, fanned out by a gateway to WebSocket clients. */
        EDGE_GATEWAY("chat/edge+ws", "--fanout", "edge");

        final String label;
        final List<String> flags;

        ChatPath(String label, String... flags) {
            this.label = label;
            this.flags = List.of(flags);
        }
    }

    /** Chat at {@code commentsPerSecond} in rooms of 25, its deliveries taking {@code path}. */
    Result chat(int rooms, int commentsPerSecond, ChatPath path) throws IOException, InterruptedException {
        int users = rooms * 25;
        long everyMs = Math.max(1, Math.round(users * 1000.0 / commentsPerSecond));
        List<String> args = new ArrayList<>(List.of("dev.mephisto.chat.cli.ChatMain"));
        args.addAll(path.flags);
        args.addAll(List.of("simulate", "--with-worker",
                "--users", Integer.toString(users), "--rooms", Integer.toString(rooms),
                "--comment-every", everyMs + "ms", "--duration", duration.toSeconds() + "s",
                "--warmup", warmup.toSeconds() + "s", "--seed", "1"));
        if (path == ChatPath.EDGE_GATEWAY) {
            args.add("--via-gateway");
        }
        Run run = runChild(args, duration.plus(warmup).plusMinutes(4));
        double sent = find(run.lines(), CHAT_SENT).map(m -> Double.parseDouble(m.group(1))).orElse(Double.NaN);
        double delivered = find(run.lines(), CHAT_DELIVERED).map(m -> Double.parseDouble(m.group(1)))
                .orElse(Double.NaN);
        String lost = find(run.lines(), CHAT_LOST).map(m -> m.group(1) + " lost").orElse("no report");
        Matcher latency = find(run.lines(), CHAT_LATENCY).orElse(null);
        return new Result(path.label, rooms + " rooms of 25", commentsPerSecond, sent, delivered, "deliveries/s",
                latency == null ? -1 : Long.parseLong(latency.group(1)),
                latency == null ? -1 : Long.parseLong(latency.group(2)),
                latency == null ? -1 : Long.parseLong(latency.group(3)), lost, run.peakRssMb(), run.note());
    }

    /** Payments at {@code paymentsPerSecond} over {@code accounts} accounts, under the app's default guarantee. */
    Result payments(int accounts, int paymentsPerSecond) throws IOException, InterruptedException {
        List<String> args = List.of("dev.mephisto.payments.PaymentsMain", "simulate", "--start-worker",
                "--rate", Integer.toString(paymentsPerSecond), "--duration", duration.toSeconds() + "s",
                "--accounts", Integer.toString(accounts), "--settle", "3m", "--seed", "1");
        Run run = runChild(args, duration.plusMinutes(6));
        double sent = find(run.lines(), PAY_SENT).map(m -> Double.parseDouble(m.group(1))).orElse(Double.NaN);
        Matcher processed = find(run.lines(), PAY_PROCESSED).orElse(null);
        double settled = find(run.lines(), PAY_SETTLED).map(m -> Double.parseDouble(m.group(1))).orElse(Double.NaN);
        Matcher latency = find(run.lines(), PAY_LATENCY).orElse(null);
        String result = find(run.lines(), PAY_RESULT).map(m -> m.group(1)).orElse("no report");
        String outcome = processed == null ? result
                : result + " (" + processed.group(1) + " of " + processed.group(2) + " processed, "
                        + processed.group(3) + " twice)";
        return new Result("payments", accounts + " accounts", paymentsPerSecond, sent,
                settled, "payments/s",
                latency == null ? -1 : Long.parseLong(latency.group(1)),
                latency == null ? -1 : Long.parseLong(latency.group(2)),
                latency == null ? -1 : Long.parseLong(latency.group(3)), outcome, run.peakRssMb(), run.note());
    }

    static String header() {
        return String.format(Locale.ROOT, "%-13s %-18s %9s %9s %14s %-13s %7s %7s %7s %6s  %s", "app", "shape",
                "offered/s", "sent/s", "throughput", "unit", "p50 ms", "p99 ms", "max ms", "RSS MB", "outcome");
    }

    static String format(Result r) {
        return String.format(Locale.ROOT, "%-13s %-18s %,9.0f %,9.0f %,14.0f %-13s %7s %7s %7s %6d  %s%s", r.app(),
                r.load(), r.offeredPerSecond(), r.sentPerSecond(), r.throughput(), r.throughputUnit(), ms(r.p50Ms()),
                ms(r.p99Ms()), ms(r.maxMs()), r.peakRssMb(), r.outcome(), r.note().isEmpty() ? "" : "; " + r.note());
    }

    private static String ms(long value) {
        return value < 0 ? "-" : Long.toString(value);
    }

    private record Run(List<String> lines, long peakRssMb, String note) {
    }

    /** Runs a main class of this jar's classpath in a child JVM, reading its output and sampling its RSS. */
    private static Run runChild(List<String> mainAndArgs, Duration limit) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(mainAndArgs);
        // a fresh working directory: an embedded broker keeps its data in ./.mephisto, and one load's
        // topics and tables must not be the next load's starting point
        Path workDir = Files.createTempDirectory("mephisto-simulate-");
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line.strip());
                }
            } catch (IOException e) {
                lines.add("(output lost: " + e + ")");
            }
        }, "simulate-output");
        reader.setDaemon(true);
        reader.start();
        AtomicLong peakKb = new AtomicLong();
        long deadline = System.nanoTime() + limit.toNanos();
        String note = "";
        while (!process.waitFor(500, TimeUnit.MILLISECONDS)) {
            peakKb.accumulateAndGet(rssKb(process.pid()), Math::max);
            if (System.nanoTime() > deadline) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                note = "KILLED after " + limit.toSeconds() + " s";
                break;
            }
        }
        reader.join(10_000);
        if (note.isEmpty() && process.exitValue() != 0) {
            note = "exit " + process.exitValue();
        }
        if (!note.isEmpty()) {
            synchronized (lines) {
                int from = Math.max(0, lines.size() - 5);
                note += " (last lines: " + String.join(" | ", lines.subList(from, lines.size())) + ")";
            }
        }
        Bench.deleteQuietly(workDir);
        return new Run(List.copyOf(lines), peakKb.get() / 1024, note);
    }

    /** The process's peak resident set so far (VmHWM), in KB; 0 when it cannot be read. */
    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process has ended, or this is not Linux
        }
        return 0;
    }

    static java.util.Optional<Matcher> find(List<String> lines, Pattern pattern) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher matcher = pattern.matcher(lines.get(i));
            if (matcher.find()) {
                return java.util.Optional.of(matcher);
            }
        }
        return java.util.Optional.empty();
    }
}
