package dev.mephisto.bench;

import dev.mephisto.ProcessingGuarantee;
import dev.mephisto.broker.EmbeddedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The throughput harness: one broker, one process, one run; the broker's limit, then each job as
 * hand-written Kafka Streams and as Mephisto, under at-least-once and exactly-once v2; one table row
 * per repetition. {@code java -jar mephisto-benchmarks.jar --help}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput and latency of Mephisto against hand-written Kafka Streams on one broker.")
public final class Bench implements Callable<Integer> {

    @Option(names = "--broker", description = "bootstrap servers of a running cluster (default: an embedded broker)")
    String broker;

    @Option(names = "--records", description = "records per run (default ${DEFAULT-VALUE})")
    long records = 1_000_000;

    @Option(names = "--size", description = "value size in bytes (default ${DEFAULT-VALUE})")
    int size = 100;

    @Option(names = "--keys", description = "distinct keys (default ${DEFAULT-VALUE})")
    int keys = 10_000;

    @Option(names = "--reps", description = "measured repetitions (default ${DEFAULT-VALUE})")
    int reps = 2;

    @Option(names = "--warmup", description = "warm-up repetitions, shown but left out of the summary (default ${DEFAULT-VALUE})")
    int warmup = 1;

    @Option(names = "--only", split = ",",
            description = "run only the rows whose name contains one of these (broker, startup, passthrough,"
                    + " count, chain3, alos, eos, streams, mephisto, or a full name such as count-eos-mephisto)")
    List<String> only = List.of();

    @Option(names = "--input-request-ids",
            description = "give every input record its own request id header, so the hand-written twin carries the"
                    + " same bytes and Mephisto creates none: isolates the framework's cost from the request ids'")
    boolean inputRequestIds;

    @Option(names = "--side-by-side",
            description = "run each job and its twin at the same time, each on its own topics, and measure both over"
                    + " the same window (both processing, until the first has processed 90%% of its input): whatever"
                    + " else loads the machine then loads both alike; needs both twins of every pair selected")
    boolean sideBySide;

    @Option(names = "--twin-against-itself",
            description = "with --side-by-side, the Mephisto side runs the hand-written job too (an A/A run): checks"
                    + " the instrument, whose ratios should then read 1.00 within their spread")
    boolean twinAgainstItself;

    @Option(names = "--step-timeout", paramLabel = "SECONDS",
            description = "deadline of each step of a repetition (produce, start, await output, latency, close);"
                    + " a step past it is abandoned and the repetition reported FAILED (default: 60 s plus 1 s per"
                    + " 5,000 records)")
    long stepTimeoutSeconds;

    @Option(names = "--latency-sample", description = "records in each latency sample; 0 turns it off (default ${DEFAULT-VALUE})")
    int latencySample = 500;

    @Option(names = "--startup-records", description = "records the startup/RSS probe passes through (default ${DEFAULT-VALUE})")
    long startupRecords = 200_000;

    @Option(names = "--chat-loads", split = ",", paramLabel = "PER_SECOND",
            description = "comments/s offered to the chat simulation, one run each (default ${DEFAULT-VALUE})")
    List<Integer> chatLoads = List.of(250, 1000, 4000, 8000);

    @Option(names = "--chat-rooms", description = "rooms of 25 users in the chat simulation (default ${DEFAULT-VALUE})")
    int chatRooms = 10;

    @Option(names = "--payment-loads", split = ",", paramLabel = "PER_SECOND",
            description = "payments/s offered to the payments simulation, one run each (default ${DEFAULT-VALUE})")
    List<Integer> paymentLoads = List.of(1000, 10000, 50000);

    @Option(names = "--payment-accounts", description = "accounts in the payments simulation (default ${DEFAULT-VALUE})")
    int paymentAccounts = 1000;

    @Option(names = "--simulate-duration", description = "seconds each chat/payments simulation sends (default ${DEFAULT-VALUE})")
    int simulateSeconds = 30;

    @Option(names = "--simulate-warmup", description = "seconds of chat latency samples left out (default ${DEFAULT-VALUE})")
    int simulateWarmupSeconds = 10;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final List<Row> rows = new ArrayList<>();
    private String bootstrapServers;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    /**
     * One job run; {@code ratio} (Mephisto over hand-written, same repetition) is on whichever of the pair ran second.
     * {@code processCpu} and {@code threadCpu}: microseconds of CPU per record from RUNNING to the last output record,
     * of the whole JVM and of the job's stream threads ({@link CpuReading}).
     */
    record Row(int rep, boolean warm, String name, String pair, String impl, double rate, double ratio,
            long startMs, double[] latency, long heapMb, String note, double processCpu, double threadCpu) {
    }

    @Override
    public Integer call() throws Exception {
        List<Job> jobs = jobs();
        if (twinAgainstItself && !sideBySide) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--twin-against-itself checks --side-by-side: give both");
        }
        if (sideBySide) {
            checkPairs(jobs);
        }
        Path work = Files.createTempDirectory("mephisto-bench-");
        printHeader();
        if (selected("startup")) {
            startupProbe();
        }
        EmbeddedBroker embedded = null;
        String bootstrap = broker;
        if (bootstrap == null) {
            embedded = EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                    .withDataDir(work.resolve("kafka")).withPort(0));
            bootstrap = embedded.bootstrapServers();
        }
        bootstrapServers = bootstrap;
        System.out.printf("broker=%s records=%d size=%d keys=%d reps=%d warmup=%d latencySample=%d"
                + " inputRequestIds=%s%n%n", embedded == null ? bootstrap : "embedded " + bootstrap, records, size,
                keys, reps, warmup, latencySample, inputRequestIds);
        if (sideBySide) {
            System.out.printf("side by side: each job and its twin run together; every figure is over the window in"
                    + " which both ran (from both processing to the first at %d%% of its input), and the whole JVM's"
                    + " CPU is not split between them (cpu us/r: -)%s%n%n", SideBySide.WINDOW_END_PERCENT,
                    twinAgainstItself ? "; A/A: the mephisto rows run the hand-written job too" : "");
        }
        System.out.printf("%-4s %-28s %12s %7s %8s %8s %8s %8s %9s %9s  %s%n", "rep", "row", "records/s", "ratio",
                "start ms", "p50 ms", "p99 ms", "heap MB", "cpu us/r", "thr us/r", "note");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Load load = new Load(bootstrap, records, size, keys, inputRequestIds);
            LatencyProbe probe = new LatencyProbe(bootstrap, load.keys(), size);
            OutputWatcher watcher = new OutputWatcher(admin);
            String runId = Long.toString(System.currentTimeMillis() % 10_000_000, 36);
            for (int rep = 1; rep <= warmup + reps; rep++) {
                boolean warm = rep <= warmup;
                if (selected("broker")) {
                    brokerLimit(admin, load, probe, runId, rep, warm);
                }
                if (sideBySide) {
                    SideBySide together = new SideBySide(this, admin, load, watcher, work, bootstrap, records,
                            twinAgainstItself);
                    List<Job> ordered = inRepOrder(jobs, rep);
                    for (int i = 0; i + 1 < ordered.size(); i += 2) {
                        together.run(runId, rep, warm, ordered.get(i), ordered.get(i + 1)).forEach(this::add);
                    }
                    continue;
                }
                Map<String, Double> twinRate = new LinkedHashMap<>();
                for (Job job : inRepOrder(jobs, rep)) {
                    runJob(admin, load, probe, watcher, work, runId, rep, warm, job, twinRate);
                }
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
            deleteQuietly(work);
        }
        printSummary();
        if (selected("chat") || selected("payments")) {
            simulateLoads();
        }
        return 0;
    }

    private void simulateLoads() throws IOException, InterruptedException {
        SimulateLoads loads = new SimulateLoads(Duration.ofSeconds(simulateSeconds),
                Duration.ofSeconds(simulateWarmupSeconds));
        System.out.printf("%nthe shipped apps' own simulate commands, one child JVM per load (embedded broker, worker"
                + " and clients in it, default JVM flags), %d s each:%n", simulateSeconds);
        System.out.println(SimulateLoads.header());
        if (selected("chat")) {
            for (int load : chatLoads) {
                // side by side in one run: per-member fan-out with Kafka clients, then fan-out at the edge via a gateway
                for (SimulateLoads.ChatPath path : SimulateLoads.ChatPath.values()) {
                    System.out.println(SimulateLoads.format(loads.chat(chatRooms, load, path)));
                }
            }
        }
        if (selected("payments")) {
            for (int load : paymentLoads) {
                System.out.println(SimulateLoads.format(loads.payments(paymentAccounts, load)));
            }
        }
    }

    private void printHeader() throws IOException, InterruptedException {
        System.out.printf("machine: %d cores (availableProcessors), java %s (%s), max heap %d MB%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    private List<Job> jobs() {
        List<Job> jobs = new ArrayList<>();
        for (Job.Shape shape : Job.Shape.values()) {
            for (ProcessingGuarantee guarantee : ProcessingGuarantee.values()) {
                for (Job.Impl impl : Job.Impl.values()) {
                    Job job = new Job(shape, impl, guarantee);
                    if (selected(job.name())) {
                        jobs.add(job);
                    }
                }
            }
        }
        return jobs;
    }

    /**
     * The jobs of one repetition: each pair hand-written first in odd repetitions and Mephisto first
     * in even ones, so a drift within a run (JIT, the broker's log growing) favours neither side.
     */
    private static List<Job> inRepOrder(List<Job> jobs, int rep) {
        if (rep % 2 == 1) {
            return jobs;
        }
        List<Job> ordered = new ArrayList<>(jobs);
        for (int i = 0; i + 1 < ordered.size(); i++) {
            Job a = ordered.get(i);
            Job b = ordered.get(i + 1);
            if (a.pairName().equals(b.pairName())) {
                ordered.set(i, b);
                ordered.set(i + 1, a);
                i++;
            }
        }
        return ordered;
    }

    /** Side by side, every selected job needs its twin selected too. */
    private void checkPairs(List<Job> jobs) {
        Map<String, Long> perPair = jobs.stream().collect(Collectors.groupingBy(Job::pairName, Collectors.counting()));
        perPair.forEach((pair, count) -> {
            if (count != 2) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--side-by-side runs a job"
                        + " with its twin, but --only selects one side of " + pair + ": select both (for example"
                        + " --only " + pair + ")");
            }
        });
    }

    private boolean selected(String name) {
        return only.isEmpty() || only.stream().anyMatch(name::contains);
    }

    /** The deadline of one step of a repetition. */
    Duration stepTimeout() {
        return Steps.deadline(stepTimeoutSeconds, records);
    }

    private void brokerLimit(Admin admin, Load load, LatencyProbe probe, String runId, int rep, boolean warm)
            throws Exception {
        String topic = "bench-" + runId + "-r" + rep + "-limit";
        String probeTopic = topic + "-probe";
        Duration limit = stepTimeout();
        HeapPeak.reset();
        try {
            Steps.run("create topics " + topic, limit, step -> createTopics(admin, topic, probeTopic));
            long produceNanos = Steps.call("produce " + records + " records to " + topic, limit,
                    step -> load.produce(topic, 1, step));
            long consumeNanos = Steps.call("consume " + topic, limit, step -> load.consume(topic));
            long heap = HeapPeak.peakMegabytes();
            double[] latency = Steps.call("latency probe on " + probeTopic, limit,
                    step -> probe.measure(probeTopic, probeTopic, latencySample));
            add(new Row(rep, warm, "broker-producer", "broker", "plain", rate(produceNanos), Double.NaN, 0, latency,
                    heap, "acks=all linger.ms=5 batch=64KB", Double.NaN, Double.NaN));
            add(new Row(rep, warm, "broker-consumer", "broker", "plain", rate(consumeNanos), Double.NaN, 0, null,
                    heap, "from the beginning", Double.NaN, Double.NaN));
        } catch (Exception | Error e) {
            add(new Row(rep, warm, "broker-producer", "broker", "plain", Double.NaN, Double.NaN, 0, null,
                    HeapPeak.peakMegabytes(), "FAILED: " + e, Double.NaN, Double.NaN));
        }
        // topics are not deleted during a run: recreating producers against a broker that is deleting
        // topics hung a run on OutOfOrderSequenceException; every rep uses fresh names instead
    }

    private void runJob(Admin admin, Load load, LatencyProbe probe, OutputWatcher watcher, Path work, String runId,
            int rep, boolean warm, Job job, Map<String, Double> twinRate) throws Exception {
        String applicationId = "bench-" + runId + "-r" + rep + "-" + job.name();
        String input = applicationId + "-in";
        String output = applicationId + "-out";
        Path stateDir = Files.createDirectories(work.resolve(applicationId));
        Duration limit = stepTimeout();
        HeapPeak.reset();
        String note = "";
        double rate = Double.NaN;
        long startMs = -1;
        double[] latency = null;
        long heap = -1;
        double processCpu = Double.NaN;
        double threadCpu = Double.NaN;
        RunningJob running = null;
        try {
            Steps.run("create topics " + input + ", " + output, limit, step -> createTopics(admin, input, output));
            Steps.call("produce " + records + " records to " + input, limit, step -> load.produce(input, 1, step));
            long began = System.nanoTime();
            RunningJob started = Steps.call("start " + job.name(), limit,
                    step -> job.start(bootstrapServers, applicationId, input, output, stateDir));
            running = started;
            long runningAt = Steps.call("await " + job.name() + " RUNNING", limit, step -> awaitRunning(started));
            startMs = TimeUnit.NANOSECONDS.toMillis(runningAt - began);
            CpuReading cpuAtRunning = CpuReading.now(applicationId);
            long completeAt = Steps.call("await " + records + " records on " + output, limit,
                    step -> watcher.awaitComplete(output, records, limit.plusSeconds(60)));
            CpuReading cpuAtComplete = CpuReading.now(applicationId);
            rate = records * 1e9 / (completeAt - runningAt);
            processCpu = cpuAtComplete.processMicrosPerRecord(cpuAtRunning, records);
            threadCpu = cpuAtComplete.streamThreadMicrosPerRecord(cpuAtRunning, records);
            heap = HeapPeak.peakMegabytes();
            latency = Steps.call("latency probe " + input + " -> " + output, limit,
                    step -> probe.measure(input, output, latencySample));
        } catch (Exception | Error e) {
            note = "FAILED: " + e;
        } finally {
            heap = heap < 0 ? HeapPeak.peakMegabytes() : heap;
            if (running != null) {
                RunningJob toClose = running;
                try {
                    Steps.run("close " + job.name(), limit, step -> toClose.close());
                } catch (Exception | Error e) {
                    note = (note.isEmpty() ? "FAILED: " : note + "; ") + e;
                }
            }
        }
        double ratio = Double.NaN;
        Double twin = twinRate.remove(job.pairName());
        if (twin == null) {
            twinRate.put(job.pairName(), rate);
        } else {
            ratio = job.impl() == Job.Impl.MEPHISTO ? rate / twin : twin / rate;
        }
        add(new Row(rep, warm, job.name(), job.pairName(), job.impl().name().toLowerCase(Locale.ROOT), rate, ratio,
                startMs, latency, heap, note, processCpu, threadCpu));
        deleteQuietly(stateDir);
    }

    static long awaitRunning(RunningJob running) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (running.state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
            if (running.state() == org.apache.kafka.streams.KafkaStreams.State.ERROR || System.nanoTime() > deadline) {
                throw new IllegalStateException("job not RUNNING: " + running.state());
            }
            Thread.sleep(5);
        }
        return System.nanoTime();
    }

    private double rate(long nanos) {
        return records * 1e9 / nanos;
    }

    private void add(Row row) {
        rows.add(row);
        System.out.printf("%-4s %-28s %12s %7s %8s %8s %8s %8d %9s %9s  %s%n",
                row.rep() + (row.warm() ? "w" : ""), row.name(), format(row.rate(), "%,.0f"),
                format(row.ratio(), "%.3f"), row.startMs() > 0 ? Long.toString(row.startMs()) : "-",
                row.latency() == null ? "-" : format(row.latency()[0], "%.0f"),
                row.latency() == null ? "-" : format(row.latency()[1], "%.0f"), row.heapMb(),
                format(row.processCpu(), "%.2f"), format(row.threadCpu(), "%.2f"), row.note());
    }

    private static String format(double value, String pattern) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, pattern, value);
    }

    private void printSummary() {
        System.out.printf("%nsummary over the %d measured repetitions (warm-up left out): mean [min..max]%n", reps);
        System.out.printf("%-28s %26s %20s %10s %10s %8s%n", "row", "records/s", "ratio", "p50 ms", "p99 ms",
                "heap MB");
        Map<String, List<Row>> byName = rows.stream().filter(row -> !row.warm())
                .collect(Collectors.groupingBy(Row::name, LinkedHashMap::new, Collectors.toList()));
        byName.forEach((name, measured) -> {
            double[] rates = measured.stream().mapToDouble(Row::rate).filter(r -> !Double.isNaN(r)).toArray();
            double[] ratios = measured.stream().filter(row -> row.impl().equals("mephisto"))
                    .mapToDouble(this::ratioToTwin).filter(r -> !Double.isNaN(r)).toArray();
            double[] p50 = measured.stream().filter(r -> r.latency() != null).mapToDouble(r -> r.latency()[0]).toArray();
            double[] p99 = measured.stream().filter(r -> r.latency() != null).mapToDouble(r -> r.latency()[1]).toArray();
            long heap = measured.stream().mapToLong(Row::heapMb).max().orElse(0);
            System.out.printf("%-28s %26s %20s %10s %10s %8d%n", name, spread(rates, "%,.0f"), spread(ratios, "%.3f"),
                    spread(p50, "%.0f"), spread(p99, "%.0f"), heap);
        });
        System.out.printf("%nCPU per record, %s (other processes' load moves it far less than records/s); ratio ="
                + " hand-written's CPU over Mephisto's in the same repetition, median [min..max]%n",
                sideBySide ? "in the window both ran together" : "RUNNING to the last output record");
        System.out.printf("%-28s %22s %22s %22s %22s%n", "row", "process us/record", "ratio", "stream thread us/rec",
                "ratio");
        byName.forEach((name, measured) -> {
            double[] process = measured.stream().mapToDouble(Row::processCpu).filter(v -> !Double.isNaN(v)).toArray();
            double[] thread = measured.stream().mapToDouble(Row::threadCpu).filter(v -> !Double.isNaN(v)).toArray();
            double[] processRatios = measured.stream().filter(row -> row.impl().equals("mephisto"))
                    .mapToDouble(row -> cpuRatioToTwin(row, Row::processCpu)).filter(r -> !Double.isNaN(r)).toArray();
            double[] threadRatios = measured.stream().filter(row -> row.impl().equals("mephisto"))
                    .mapToDouble(row -> cpuRatioToTwin(row, Row::threadCpu)).filter(r -> !Double.isNaN(r)).toArray();
            System.out.printf("%-28s %22s %22s %22s %22s%n", name, median(process, "%.2f"), median(processRatios, "%.3f"),
                    median(thread, "%.2f"), median(threadRatios, "%.3f"));
        });
    }

    /** The hand-written twin's CPU per record over this Mephisto row's, same repetition: above 1, Mephisto costs less. */
    private double cpuRatioToTwin(Row mephisto, java.util.function.ToDoubleFunction<Row> cpu) {
        return rows.stream().filter(row -> row.rep() == mephisto.rep() && row.pair().equals(mephisto.pair())
                        && !row.impl().equals("mephisto"))
                .mapToDouble(twin -> cpu.applyAsDouble(twin) / cpu.applyAsDouble(mephisto)).findFirst()
                .orElse(Double.NaN);
    }

    private static String median(double[] values, String pattern) {
        if (values.length == 0) {
            return "-";
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return String.format(Locale.ROOT, pattern + " [" + pattern + ".." + pattern + "]", median, sorted[0],
                sorted[sorted.length - 1]);
    }

    /** A Mephisto row's records/s over its hand-written twin's in the same repetition. */
    private double ratioToTwin(Row mephisto) {
        return rows.stream().filter(row -> row.rep() == mephisto.rep() && row.pair().equals(mephisto.pair())
                        && !row.impl().equals("mephisto"))
                .mapToDouble(twin -> mephisto.rate() / twin.rate()).findFirst().orElse(Double.NaN);
    }

    private static String spread(double[] values, String pattern) {
        if (values.length == 0) {
            return "-";
        }
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        double min = Arrays.stream(values).min().orElse(Double.NaN);
        double max = Arrays.stream(values).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, pattern + " [" + pattern + ".." + pattern + "]", mean, min, max);
    }

    private void startupProbe() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StartupProbe.class.getName(), Long.toString(startupRecords)).redirectErrorStream(true).start();
        String last = "";
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("startToReadyMs=")) {
                    last = line;
                }
            }
        }
        int code = process.waitFor();
        System.out.println("startup probe (child JVM, default JVM flags, worker + its own embedded broker, "
                + "passthrough at-least-once): " + (last.isEmpty() ? "FAILED exit=" + code : last));
    }

    static void createTopics(Admin admin, String... names) throws Exception {
        admin.createTopics(Stream.of(names).map(name -> new NewTopic(name, 1, (short) 1)).toList())
                .all().get(30, TimeUnit.SECONDS);
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
