package dev.mephisto.bench;

import dev.mephisto.ProcessingGuarantee;
import dev.mephisto.broker.EmbeddedBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The scale-out curve: throughput against stream threads (one worker process with 1, 2, 4, 8
 * threads) and against worker processes sharing one application id (1, 2, 4 processes of one
 * thread), for a stateless job (passthrough), a stateful one (count into a table) and the payments
 * pipeline, with the broker's own limit (a plain producer and consumer over the same partitions)
 * printed beside it. Every worker is a JVM of its own ({@link ScaleOutWorker}, or the payments
 * app's {@code worker} command); the load is produced while they run, and a row's rate is records
 * over the time from the first record produced to the last one on the output topic. Runs as a plain
 * {@code java -cp mephisto-benchmarks.jar dev.mephisto.bench.ScaleOut}, no Maven needed; every step
 * has a deadline ({@link Steps}).
 */
@Command(name = "scale-out", mixinStandardHelpOptions = true,
        description = "Throughput against stream threads and worker processes, with the broker's limit beside it.")
public final class ScaleOut implements Callable<Integer> {

    @Option(names = "--broker", description = "bootstrap servers of a running cluster (default: an embedded broker"
            + " in this JVM; payments then gets a fresh one per row)")
    String broker;

    @Option(names = "--records", description = "records per row of the passthrough and count jobs (default ${DEFAULT-VALUE})")
    long records = 2_000_000;

    @Option(names = "--partitions", description = "partitions of every topic: at least the most threads in use"
            + " (default ${DEFAULT-VALUE})")
    int partitions = 16;

    @Option(names = "--threads", split = ",", description = "stream threads of the one-process rows (default ${DEFAULT-VALUE})")
    List<Integer> threads = List.of(1, 2, 4, 8);

    @Option(names = "--processes", split = ",",
            description = "worker processes (one thread each) of the multi-process rows (default ${DEFAULT-VALUE})")
    List<Integer> processes = List.of(1, 2, 4);

    @Option(names = "--jobs", split = ",", description = "passthrough, count, payments (default ${DEFAULT-VALUE})")
    List<String> jobs = List.of("passthrough", "count", "payments");

    @Option(names = "--guarantee", description = "AT_LEAST_ONCE or EXACTLY_ONCE for passthrough and count; payments"
            + " runs its own default, exactly-once (default ${DEFAULT-VALUE})")
    ProcessingGuarantee guarantee = ProcessingGuarantee.AT_LEAST_ONCE;

    @Option(names = "--size", description = "value size in bytes (default ${DEFAULT-VALUE})")
    int size = 100;

    @Option(names = "--keys", description = "distinct keys (default ${DEFAULT-VALUE})")
    int keys = 10_000;

    @Option(names = "--payment-rate", description = "payments/s offered in each payments row: above what it can take,"
            + " so the row shows what came through (default ${DEFAULT-VALUE})")
    int paymentRate = 30_000;

    @Option(names = "--payment-seconds", description = "seconds each payments row sends (default ${DEFAULT-VALUE})")
    int paymentSeconds = 20;

    @Option(names = "--payment-accounts", description = "accounts of the payments rows (default ${DEFAULT-VALUE})")
    int paymentAccounts = 1000;

    @Option(names = "--worker-heap", description = "-Xmx of each worker JVM (default ${DEFAULT-VALUE})")
    String workerHeap = "1g";

    @Option(names = "--step-timeout", paramLabel = "SECONDS",
            description = "deadline of each step (default: 60 s plus 1 s per 5,000 records)")
    long stepTimeoutSeconds;

    /** One point of a curve. */
    record Point(String job, int processes, int threads, double rate, String unit, String note) {
    }

    private final List<Point> points = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new ScaleOut()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int most = Math.max(threads.stream().mapToInt(Integer::intValue).max().orElse(1),
                processes.stream().mapToInt(Integer::intValue).max().orElse(1));
        if (partitions < most) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--partitions " + partitions
                    + " is fewer than the " + most + " threads or processes asked for: the extra ones would idle");
        }
        Path work = Files.createTempDirectory("mephisto-scale-out-");
        System.out.printf("machine: %d cores (availableProcessors), java %s; worker JVMs -Xmx%s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), workerHeap);
        EmbeddedBroker embedded = null;
        String bootstrap = broker;
        if (bootstrap == null) {
            embedded = EmbeddedBroker.start(EmbeddedBroker.Options.defaults().withDataDir(work.resolve("kafka"))
                    .withPort(0));
            bootstrap = embedded.bootstrapServers();
        }
        String runId = Long.toString(System.currentTimeMillis() % 10_000_000, 36);
        System.out.printf("broker=%s records=%d partitions=%d size=%d keys=%d guarantee=%s%n%n",
                embedded == null ? bootstrap : "embedded " + bootstrap, records, partitions, size, keys, guarantee);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Load load = new Load(bootstrap, records, size, keys, false);
            brokerLimit(admin, load, runId);
            for (String job : jobs) {
                if (job.equals("payments")) {
                    continue;
                }
                Job.Shape shape = Job.Shape.valueOf(job.toUpperCase(Locale.ROOT));
                for (int t : threads) {
                    streamsPoint(admin, load, bootstrap, runId, work, shape, 1, t);
                }
                for (int p : processes) {
                    if (p > 1) {
                        streamsPoint(admin, load, bootstrap, runId, work, shape, p, 1);
                    }
                }
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        if (jobs.contains("payments")) {
            for (int t : threads) {
                paymentsPoint(work, 1, t);
            }
            for (int p : processes) {
                if (p > 1) {
                    paymentsPoint(work, p, 1);
                }
            }
        }
        printCurves();
        Bench.deleteQuietly(work);
        return 0;
    }

    private Duration stepTimeout() {
        return Steps.deadline(stepTimeoutSeconds, records);
    }

    private void brokerLimit(Admin admin, Load load, String runId) throws Exception {
        String topic = "scale-" + runId + "-limit";
        Duration limit = stepTimeout();
        try {
            Steps.run("create topic " + topic, limit, step -> createTopics(admin, topic));
            long produced = Steps.call("produce " + records + " records to " + topic, limit,
                    step -> load.produce(topic, partitions, step));
            long consumed = Steps.call("consume " + topic, limit, step -> load.consume(topic, partitions));
            add(new Point("broker-producer", 0, 0, records * 1e9 / produced, "records/s",
                    "plain producer, acks=all linger.ms=5, " + partitions + " partitions"));
            add(new Point("broker-consumer", 0, 0, records * 1e9 / consumed, "records/s",
                    "plain consumer from the beginning"));
        } catch (Exception | Error e) {
            add(new Point("broker-producer", 0, 0, Double.NaN, "records/s", "FAILED: " + e));
        }
    }

    /** Starts {@code processes} workers of {@code threads} threads, produces the load, waits for the output. */
    private void streamsPoint(Admin admin, Load load, String bootstrap, String runId, Path work, Job.Shape shape,
            int processCount, int threadCount) {
        String job = shape.name().toLowerCase(Locale.ROOT) + "-" + (guarantee == ProcessingGuarantee.AT_LEAST_ONCE
                ? "alos" : "eos");
        String appId = "scale-" + runId + "-" + job + "-p" + processCount + "t" + threadCount;
        String input = appId + "-in";
        String output = appId + "-out";
        Duration limit = stepTimeout();
        List<Child> children = new ArrayList<>();
        try {
            Steps.run("create topics " + input + ", " + output, limit, step -> createTopics(admin, input, output));
            for (int i = 0; i < processCount; i++) {
                Path stateDir = Files.createDirectories(work.resolve(appId + "-" + i));
                children.add(Child.start(List.of("-Xmx" + workerHeap, ScaleOutWorker.class.getName(), shape.name(),
                        guarantee.name(), bootstrap, appId, input, output, Integer.toString(threadCount),
                        stateDir.toString())));
            }
            Steps.run("await " + processCount + " workers of " + appId + " RUNNING together", limit,
                    step -> awaitAllRunning(children));
            long began = System.nanoTime();
            Steps.call("produce " + records + " records to " + input, limit,
                    step -> load.produce(input, partitions, step));
            long completeAt = Steps.call("await " + records + " records on " + output, limit,
                    step -> new OutputWatcher(admin).awaitComplete(output, partitions, records, limit.plusSeconds(60)));
            add(new Point(job, processCount, threadCount, records * 1e9 / (completeAt - began), "records/s", ""));
        } catch (Exception | Error e) {
            add(new Point(job, processCount, threadCount, Double.NaN, "records/s", "FAILED: " + e
                    + lastLines(children)));
        } finally {
            children.forEach(Child::stop);
        }
    }

    /** Payments: a fresh broker, the workers, then the app's own simulate command as the load and the verdict. */
    private void paymentsPoint(Path work, int processCount, int threadCount) {
        String job = "payments-eos";
        Duration limit = Duration.ofSeconds(paymentSeconds).plusMinutes(5);
        List<Child> children = new ArrayList<>();
        EmbeddedBroker fresh = null;
        try {
            String bootstrap = broker;
            if (bootstrap == null) {
                // the payments app has one application id and fixed topic names: a fresh broker per row
                fresh = EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                        .withDataDir(work.resolve("payments-kafka-p" + processCount + "t" + threadCount)).withPort(0));
                bootstrap = fresh.bootstrapServers();
            }
            List<Integer> webPorts = new ArrayList<>();
            for (int i = 0; i < processCount; i++) {
                int port = freePort();
                webPorts.add(port);
                Path stateDir = Files.createDirectories(work.resolve("payments-state-p" + processCount + "t"
                        + threadCount + "-" + i));
                children.add(Child.start(List.of("-Xmx" + workerHeap, "dev.mephisto.payments.PaymentsMain", "worker",
                        "--broker", bootstrap, "--threads", Integer.toString(threadCount), "--partitions",
                        Integer.toString(partitions), "--state-dir", stateDir.toString(), "--web-port",
                        Integer.toString(port))));
            }
            Steps.run("await " + processCount + " payments workers ready together", limit,
                    step -> awaitAllReady(webPorts, children));
            // simulate takes the app's settings from the environment only (no --partitions flag)
            Child simulate = Child.start(List.of("-Xmx" + workerHeap, "dev.mephisto.payments.PaymentsMain", "simulate",
                    "--broker", bootstrap, "--worker", "localhost:" + webPorts.get(0), "--rate", Integer.toString(paymentRate), "--duration",
                    paymentSeconds + "s", "--accounts", Integer.toString(paymentAccounts), "--settle", "3m",
                    "--seed", "1"), Map.of("PAYMENTS_PARTITIONS", Integer.toString(partitions)));
            children.add(simulate);
            Steps.run("payments simulate at " + paymentRate + "/s for " + paymentSeconds + " s", limit,
                    step -> simulate.awaitExit());
            List<String> lines = simulate.lines();
            Matcher settled = SimulateLoads.find(lines, SimulateLoads.PAY_SETTLED).orElse(null);
            Matcher latency = SimulateLoads.find(lines, SimulateLoads.PAY_LATENCY).orElse(null);
            String result = SimulateLoads.find(lines, SimulateLoads.PAY_RESULT).map(m -> m.group(1))
                    .orElse("no report" + lastLines(children));
            add(new Point(job, processCount, threadCount,
                    settled == null ? Double.NaN : Double.parseDouble(settled.group(1)), "payments/s",
                    "offered " + paymentRate + "/s; " + result + (latency == null ? ""
                            : "; p50 " + latency.group(1) + " ms, p99 " + latency.group(2) + " ms")));
        } catch (Exception | Error e) {
            add(new Point(job, processCount, threadCount, Double.NaN, "payments/s", "FAILED: " + e
                    + lastLines(children)));
        } finally {
            children.forEach(Child::stop);
            if (fresh != null) {
                fresh.close();
            }
        }
    }

    private static void awaitAllRunning(List<Child> children) throws Exception {
        awaitTogether(children, () -> children.stream().allMatch(child -> "RUNNING".equals(child.state)));
    }

    private static void awaitAllReady(List<Integer> ports, List<Child> children) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        awaitTogether(children, () -> {
            for (int port : ports) {
                try {
                    HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/health/ready")).timeout(Duration.ofSeconds(2))
                            .build(), HttpResponse.BodyHandlers.discarding());
                    if (answer.statusCode() != 200) {
                        return false;
                    }
                } catch (IOException e) {
                    return false;
                }
            }
            return true;
        });
    }

    /** What a worker group is waited for: true when every worker is ready now. */
    private interface AllReady {
        boolean now() throws Exception;
    }

    /**
     * Waits until {@code ready} holds for 3 s without a break (no member still joining, the group's
     * assignment settled); fails as soon as a worker exits. The caller's step deadline bounds it.
     */
    private static void awaitTogether(List<Child> children, AllReady ready) throws Exception {
        long together = 0;
        while (true) {
            for (Child child : children) {
                if (!child.process.isAlive()) {
                    throw new IllegalStateException("a worker exited with " + child.process.exitValue()
                            + lastLines(List.of(child)));
                }
            }
            boolean all = ready.now();
            long now = System.nanoTime();
            together = all ? (together == 0 ? now : together) : 0;
            if (all && now - together >= TimeUnit.SECONDS.toNanos(3)) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private void add(Point point) {
        points.add(point);
        System.out.printf(Locale.ROOT, "%-22s %9s %7s %14s  %s%n", point.job(),
                point.processes() == 0 ? "-" : Integer.toString(point.processes()),
                point.threads() == 0 ? "-" : Integer.toString(point.threads()),
                Double.isNaN(point.rate()) ? "-" : String.format(Locale.ROOT, "%,.0f", point.rate()), point.note());
    }

    /** The curves: each job's rate against threads, then against processes, as a multiple of its 1x1 point. */
    private void printCurves() {
        System.out.printf("%nscale-out curves (x: over the same job's 1 process x 1 thread; the broker's limit"
                + " beside each)%n");
        String limits = points.stream().filter(p -> p.job().startsWith("broker-"))
                .map(p -> p.job() + " " + (Double.isNaN(p.rate()) ? "-" : String.format(Locale.ROOT, "%,.0f/s",
                        p.rate())))
                .reduce((a, b) -> a + ", " + b).orElse("not measured");
        System.out.println("broker limit: " + limits);
        System.out.printf("%-22s %-10s %s%n", "job", "axis", "points (n: rate, x)");
        points.stream().map(Point::job).filter(job -> !job.startsWith("broker-")).distinct().forEach(job -> {
            List<Point> mine = points.stream().filter(p -> p.job().equals(job)).toList();
            double base = mine.stream().filter(p -> p.processes() == 1 && p.threads() == 1).mapToDouble(Point::rate)
                    .findFirst().orElse(Double.NaN);
            System.out.printf("%-22s %-10s %s%n", job, "threads", curve(mine.stream()
                    .filter(p -> p.processes() == 1).toList(), Point::threads, base));
            System.out.printf("%-22s %-10s %s%n", job, "processes", curve(mine.stream()
                    .filter(p -> p.threads() == 1).toList(), Point::processes, base));
        });
    }

    private static String curve(List<Point> points, java.util.function.ToIntFunction<Point> axis, double base) {
        List<String> parts = new ArrayList<>();
        for (Point point : points) {
            parts.add(axis.applyAsInt(point) + ": " + (Double.isNaN(point.rate()) ? "FAILED"
                    : String.format(Locale.ROOT, "%,.0f, %.2fx", point.rate(), point.rate() / base)));
        }
        return String.join("  |  ", parts);
    }

    private void createTopics(Admin admin, String... names) throws Exception {
        admin.createTopics(java.util.Arrays.stream(names).map(name -> new NewTopic(name, partitions, (short) 1))
                .toList()).all().get(30, TimeUnit.SECONDS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String lastLines(List<Child> children) {
        StringBuilder text = new StringBuilder();
        for (Child child : children) {
            List<String> lines = child.lines();
            if (!child.process.isAlive() || text.length() == 0) {
                int from = Math.max(0, lines.size() - 3);
                text.append(" (").append(child.name).append(": ")
                        .append(String.join(" | ", lines.subList(from, lines.size()))).append(")");
            }
        }
        return text.toString();
    }

    /** A worker or simulate JVM started from this one's runtime and class path; its output kept, STATE lines read. */
    private static final class Child {
        final Process process;
        final String name;
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        volatile String state = "";

        private Child(Process process, String name) {
            this.process = process;
            this.name = name;
        }

        static Child start(List<String> mainAndArgs) throws IOException {
            return start(mainAndArgs, Map.of());
        }

        static Child start(List<String> mainAndArgs, Map<String, String> env) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.addAll(mainAndArgs);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            String name = mainAndArgs.stream().filter(arg -> arg.startsWith("dev.mephisto.")).findFirst()
                    .map(main -> main.substring(main.lastIndexOf('.') + 1)).orElse("child") + " pid " + process.pid();
            Child child = new Child(process, name);
            Thread reader = new Thread(child::read, "scale-out-output " + process.pid());
            reader.setDaemon(true);
            reader.start();
            return child;
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("STATE ")) {
                        state = line.substring("STATE ".length()).trim();
                    }
                    lines.add(line.strip());
                    if (lines.size() > 2_000) {
                        lines.subList(0, 1_000).clear();
                    }
                }
            } catch (IOException e) {
                lines.add("(output lost: " + e + ")");
            }
        }

        List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        void awaitExit() throws InterruptedException {
            process.waitFor();
        }

        /** Terminates it, then kills it if it has not gone within 30 s. */
        void stop() {
            if (!process.isAlive()) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
