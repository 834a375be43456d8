package dev.mephisto.payments;

import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import dev.mephisto.ClientOptions;
import dev.mephisto.Outgoing;
import dev.mephisto.TopicClient;
import dev.mephisto.cli.BrokerOptions;
import dev.mephisto.cli.CliContext;
import dev.mephisto.cli.DurationOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simulate}: sends payment traffic at a chosen rate (with the asked shares of invalid and
 * duplicate deliveries), shows progress each second, waits for the pipeline to catch up, then
 * checks the balances table against what it sent and prints throughput, latency, the share
 * reconciled, overdue and dead-letter counts, and every balance difference (there must be none).
 * Exit code 0 when everything matches, 1 otherwise.
 *
 * <pre>{@code
 * java -jar mephisto-payments.jar simulate --rate 2000 --duration 30s --accounts 100 --invalid 2% --duplicates 5%
 * java -jar mephisto-payments.jar simulate --start-worker --rate 1000 --duration 10s --accounts 20
 * }</pre>
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Send payment traffic to a running payments worker, then check balances and report throughput.")
final class SimulateCommand implements Callable<Integer> {

    private final CliContext<PaymentsApp> ctx;

    @Spec
    CommandSpec spec;

    @Option(names = "--rate", paramLabel = "PER_SECOND", description = "Payments sent per second. Default: 1000")
    int rate = 1000;

    @Option(names = "--duration", paramLabel = "TIME", converter = DurationOption.class,
            description = "How long to send: 30s, 2m... Default: 30s")
    Duration duration = Duration.ofSeconds(30);

    @Option(names = "--accounts", paramLabel = "N", description = "Accounts the payments spread over. Default: 100")
    int accounts = 100;

    @Option(names = "--invalid", paramLabel = "P%", description = "Share of invalid payments, 0 to 100. Default: 0%%")
    String invalid = "0";

    @Option(names = "--duplicates", paramLabel = "P%",
            description = "Share of duplicate deliveries of earlier payments, 0 to 100. Default: 0%%")
    String duplicates = "0";

    /** --broker, --config and --data-dir, resolved exactly as core's {@code send} does. */
    @Mixin
    BrokerOptions brokerOptions = new BrokerOptions();

    @Option(names = "--worker", paramLabel = "HOST:PORT",
            description = "HTTP address of a payments worker, for the balance check. Default: localhost:6066")
    String worker = "localhost:" + WorkerOptions.DEFAULT_WEB_PORT;

    @Option(names = "--start-worker",
            description = "Run a payments worker inside this process, on an embedded broker unless the broker"
                    + " setting (--broker, MEPHISTO_BROKER, KAFKA_BOOTSTRAP_SERVERS) names a cluster.")
    boolean startWorker;

    @Option(names = "--settle", paramLabel = "TIME",
            converter = DurationOption.class,
            description = "How long to wait for the pipeline to catch up after sending. Default: 2m")
    Duration settle = Duration.ofMinutes(2);

    @Option(names = "--seed", paramLabel = "N", description = "Random seed of the traffic (amounts, currencies, which payments are invalid or"
                    + " redelivered), for a repeatable run; the run id and so the payment ids are new every run."
                    + " Default: random")
    Long seed;

    SimulateCommand(CliContext<PaymentsApp> ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PaymentsApp payments = ctx.built();
        Duration sendFor = duration;
        Duration settleFor = settle;
        double invalidPercent = percent("--invalid", invalid);
        double duplicatePercent = percent("--duplicates", duplicates);
        if (rate < 1) {
            throw new IllegalArgumentException("--rate must be 1 or more payments per second, got " + rate);
        }
        if (accounts < 1) {
            throw new IllegalArgumentException("--accounts must be 1 or more, got " + accounts);
        }
        if (invalidPercent + duplicatePercent > 100) {
            throw new IllegalArgumentException("--invalid plus --duplicates is " + (invalidPercent + duplicatePercent)
                    + "%, more than 100%: lower one of them");
        }
        Random random = seed == null ? new Random() : new Random(seed);
        // never from the seed: a repeated run id would meet its earlier payments in the dedup table
        // (the broker keeps them) and count them as duplicates
        String runId = "sim-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
        TrafficGenerator traffic = new TrafficGenerator(runId, accounts, invalidPercent, duplicatePercent,
                payments.settings().rules(), random);

        Path stateDir = null;
        Worker local = null;
        try {
            String bootstrap;
            String web = worker;
            if (startWorker) {
                stateDir = Files.createTempDirectory("payments-simulate-state-");
                WorkerOptions options = WorkerOptions.defaults().withStateDir(stateDir).withWebPort(0);
                boolean brokerGiven = ctx.settings().find(WorkerOptions.BROKER).isPresent();
                local = Worker.start(payments.app(),
                        brokerGiven ? options.withBroker(brokerOptions.bootstrapServers(ctx)) : options);
                local.awaitRunning(Duration.ofMinutes(2));
                bootstrap = local.bootstrapServers();
                web = "localhost:" + local.webPort();
            } else {
                bootstrap = brokerOptions.bootstrapServers(ctx);
            }
            out.printf("simulate run=%s broker=%s worker=%s rate=%d/s duration=%s accounts=%d invalid=%s%%"
                    + " duplicates=%s%% guarantee=%s%n", runId, bootstrap, web, rate, sendFor, accounts,
                    trim(invalidPercent), trim(duplicatePercent), payments.settings().guarantee());
            out.flush();
            return run(out, payments, bootstrap, web, traffic, sendFor, settleFor);
        } finally {
            if (local != null) {
                local.close();
            }
            if (stateDir != null) {
                deleteQuietly(stateDir);
            }
        }
    }

    private int run(PrintWriter out, PaymentsApp payments, String bootstrap, String web, TrafficGenerator traffic, Duration sendFor,
            Duration settleFor) throws Exception {
        try (TopicClient client = TopicClient.connect(payments.app(), ClientOptions.defaults().withBroker(bootstrap)
                .withClientId("payments-simulate").withKafka("linger.ms", 5).withKafka("batch.size", 65536));
                PipelineObserver observer = PipelineObserver.start(client, payments, traffic.runId())) {
            AtomicReference<Exception> sendFailure = new AtomicReference<>();
            long began = System.nanoTime();
            long end = began + sendFor.toNanos();
            long nextProgress = began + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() < end) {
                long due = (long) ((System.nanoTime() - began) / 1e9 * rate) + 1;
                while (traffic.total() < due) {
                    TrafficGenerator.Next next = traffic.next(Instant.now());
                    client.send(Outgoing.to(payments.received(), next.payment().paymentId(), next.payment())
                            .withTimestamp(next.payment().receivedAt())).whenComplete((sent, e) -> {
                                if (e != null) {
                                    sendFailure.compareAndSet(null, e instanceof Exception failed ? failed
                                            : new IllegalStateException(e));
                                }
                            });
                }
                if (sendFailure.get() != null) {
                    throw new IllegalStateException("sending to " + payments.received().name() + " failed: "
                            + sendFailure.get().getMessage(), sendFailure.get());
                }
                if (System.nanoTime() >= nextProgress) {
                    progress(out, "sending", traffic, observer.snapshot(), began);
                    nextProgress += TimeUnit.SECONDS.toNanos(1);
                }
                Thread.sleep(1);
            }
            client.flush();
            double sentSeconds = (System.nanoTime() - began) / 1e9;
            if (sendFailure.get() != null) {
                throw new IllegalStateException("sending failed: " + sendFailure.get().getMessage(), sendFailure.get());
            }

            long expectedProcessed = traffic.count(TrafficGenerator.Kind.VALID);
            long expectedSettled = expectedProcessed + traffic.count(TrafficGenerator.Kind.HELD);
            long settleDeadline = System.nanoTime() + settleFor.toNanos();
            PipelineObserver.Snapshot seen = observer.snapshot();
            while (System.nanoTime() < settleDeadline && !(seen.processed() >= expectedProcessed
                    && seen.deadLetters() >= traffic.count(TrafficGenerator.Kind.INVALID)
                    && seen.reconciled() + seen.overdue() >= expectedSettled)) {
                Thread.sleep(200);
                if (System.nanoTime() >= nextProgress) {
                    progress(out, "settling", traffic, observer.snapshot(), began);
                    nextProgress += TimeUnit.SECONDS.toNanos(1);
                }
                seen = observer.snapshot();
            }

            BalanceCheck balances = new BalanceCheck(web);
            List<String> differences = balances.differences(traffic.expectedBalances());
            while (!differences.isEmpty() && System.nanoTime() < settleDeadline) {
                Thread.sleep(100); // balances trail processed by one repartition hop
                differences = balances.differences(traffic.expectedBalances());
            }
            // settled: every payment processed, reconciled or overdue, every bad one a dead letter, balances exact
            double settledSeconds = (System.nanoTime() - began) / 1e9;
            seen = observer.snapshot();
            return report(out, traffic, seen, began, sentSeconds, settledSeconds, differences);
        }
    }

    private int report(PrintWriter out, TrafficGenerator traffic, PipelineObserver.Snapshot seen, long began,
            double sentSeconds, double settledSeconds, List<String> differences) {
        long valid = traffic.count(TrafficGenerator.Kind.VALID);
        long held = traffic.count(TrafficGenerator.Kind.HELD);
        long invalidSent = traffic.count(TrafficGenerator.Kind.INVALID);
        double endToEndSeconds = seen.lastProcessedAt() == null ? Double.NaN
                : Math.max(1e-3, (seen.lastProcessedAt().toEpochMilli() - (System.currentTimeMillis()
                        - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began))) / 1000.0);
        out.printf("sent:        %d payments in %.1f s = %.0f/s (%d valid, %d held for review, %d invalid,"
                + " %d duplicate deliveries)%n", traffic.total(), sentSeconds, traffic.total() / sentSeconds, valid,
                held, invalidSent, traffic.count(TrafficGenerator.Kind.DUPLICATE));
        out.printf("processed:   %d of %d distinct valid payments, %d processed twice; %.0f payments/s to the"
                + " processed topic (%.1f s from first send to last processed)%n", seen.processed(), valid, seen.processedDuplicates(),
                seen.processed() / endToEndSeconds, endToEndSeconds);
        if (differences.isEmpty()) {
            out.printf("settled:     %.0f payments/s end to end (%d valid payments, %.1f s from first send until every"
                    + " one was processed, reconciled or overdue and the balances were exact)%n",
                    valid / settledSeconds, valid, settledSeconds);
        } else {
            out.printf("settled:     not within --settle (balances differ after %.1f s)%n", settledSeconds);
        }
        out.printf("latency:     receivedAt to processed (read committed) p50 %d ms, p99 %d ms, max %d ms%n",
                seen.latencyP50Ms(), seen.latencyP99Ms(), seen.latencyMaxMs());
        out.printf("reconciled:  %d of %d (%.2f%%); overdue: %d; dead letters: %d of %d invalid%n", seen.reconciled(),
                valid + held, 100.0 * seen.reconciled() / Math.max(1, valid + held), seen.overdue(),
                seen.deadLetters(), invalidSent);
        boolean exact = seen.processed() == valid && seen.processedDuplicates() == 0
                && seen.deadLetters() == invalidSent;
        if (differences.isEmpty()) {
            out.printf("balances:    %d accounts checked, difference 0 (exact to the minor unit)%n",
                    traffic.expectedBalances().size());
        } else {
            out.printf("balances:    %d accounts checked, %d differences:%n", traffic.expectedBalances().size(),
                    differences.size());
            differences.stream().limit(20).forEach(line -> out.println("  " + line));
        }
        boolean ok = exact && differences.isEmpty();
        out.println(ok ? "result:      OK" : "result:      MISMATCH (see above)");
        out.flush();
        return ok ? 0 : 1;
    }

    private static void progress(PrintWriter out, String phase, TrafficGenerator traffic,
            PipelineObserver.Snapshot seen, long began) {
        double seconds = (System.nanoTime() - began) / 1e9;
        out.printf("%6.1fs %-8s sent=%d processed=%d reconciled=%d overdue=%d dead-letters=%d p99=%dms%n", seconds,
                phase, traffic.total(), seen.processed(), seen.reconciled(), seen.overdue(), seen.deadLetters(),
                seen.latencyP99Ms());
        out.flush();
    }

    static double percent(String option, String text) {
        String number = text.trim().endsWith("%") ? text.trim().substring(0, text.trim().length() - 1) : text.trim();
        double value;
        try {
            value = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " is '" + text + "': give a share such as 5% or 0.5");
        }
        if (value < 0 || value > 100 || Double.isNaN(value)) {
            throw new IllegalArgumentException(option + " is '" + text + "': a share is 0% to 100%");
        }
        return value;
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a leftover temp directory is harmless
        }
    }
}
