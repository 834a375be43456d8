package dev.mephisto.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A job and its twin run at the same time in this JVM, each on its own topics ({@code --side-by-side}).
 * Whatever else loads the machine while they run (the broker, GC, the JIT still compiling, another
 * process, a slower moment of a shared host) then loads both alike, where one after the other each
 * meets its own moment. Both are measured over the same window: from the first moment both are
 * RUNNING and have processed records, to the moment the first of them has processed
 * {@value #WINDOW_END_PERCENT}% of its input. A row's CPU per record is its stream threads' CPU in that
 * window over the records they processed in it (Kafka Streams' thread-level {@code process-total});
 * its records/s is those records over the window's length. The whole JVM's CPU cannot be split
 * between the two, so it is not reported.
 */
final class SideBySide {

    private static final long POLL_MILLIS = 20;
    static final int WINDOW_END_PERCENT = 90;
    /** Below this share of its input processed inside the shared window, a pair's figures are not read. */
    private static final double LEAST_SHARED = 0.25;

    private final Bench bench;
    private final Admin admin;
    private final Load load;
    private final OutputWatcher watcher;
    private final Path work;
    private final String bootstrap;
    private final long records;
    /** Whether the Mephisto side runs the hand-written job too (an A/A run, which checks the instrument). */
    private final boolean twinAgainstItself;

    SideBySide(Bench bench, Admin admin, Load load, OutputWatcher watcher, Path work, String bootstrap, long records,
            boolean twinAgainstItself) {
        this.bench = bench;
        this.admin = admin;
        this.load = load;
        this.watcher = watcher;
        this.work = work;
        this.bootstrap = bootstrap;
        this.records = records;
        this.twinAgainstItself = twinAgainstItself;
    }

    /** One of the two jobs of a pair in one repetition. */
    private static final class Side {
        final Job job;
        final String applicationId;
        final String input;
        final String output;
        final Path stateDir;
        RunningJob running;
        long startMs = -1;
        CpuReading cpuAtStart;
        long processedAtStart;
        CpuReading cpuAtEnd;
        long processedAtEnd;

        Side(Job job, String applicationId, Path stateDir) {
            this.job = job;
            this.applicationId = applicationId;
            this.input = applicationId + "-in";
            this.output = applicationId + "-out";
            this.stateDir = stateDir;
        }

        long windowRecords() {
            return processedAtEnd - processedAtStart;
        }

        double threadMicrosPerRecord() {
            return cpuAtEnd.streamThreadMicrosPerRecord(cpuAtStart, windowRecords());
        }
    }

    /**
     * Runs {@code first} and {@code second} (a job and its twin) together, {@code first} started first;
     * their rows, the Mephisto one with the ratio of its records/s to its twin's in the window.
     */
    List<Bench.Row> run(String runId, int rep, boolean warm, Job first, Job second) throws Exception {
        List<Side> sides = new ArrayList<>();
        for (Job job : List.of(first, second)) {
            String applicationId = "bench-" + runId + "-r" + rep + "-" + job.name();
            sides.add(new Side(job, applicationId, Files.createDirectories(work.resolve(applicationId))));
        }
        Duration limit = bench.stepTimeout();
        HeapPeak.reset();
        String note = "side by side";
        long windowNanos = 0;
        try {
            for (Side side : sides) {
                Steps.run("create topics " + side.input + ", " + side.output, limit,
                        step -> Bench.createTopics(admin, side.input, side.output));
                Steps.call("produce " + records + " records to " + side.input, limit,
                        step -> load.produce(side.input, 1, step));
            }
            for (Side side : sides) {
                long began = System.nanoTime();
                Job started = twinAgainstItself ? new Job(side.job.shape(), Job.Impl.STREAMS, side.job.guarantee())
                        : side.job;
                side.running = Steps.call("start " + side.job.name(), limit,
                        step -> started.start(bootstrap, side.applicationId, side.input, side.output, side.stateDir));
                side.startMs = TimeUnit.NANOSECONDS.toMillis(
                        Steps.call("await " + side.job.name() + " RUNNING", limit, step -> Bench.awaitRunning(side.running))
                                - began);
            }
            windowNanos = Steps.call("measure " + first.pairName() + " side by side", limit, step -> measure(sides));
            for (Side side : sides) {
                Steps.call("await " + records + " records on " + side.output, limit,
                        step -> watcher.awaitComplete(side.output, records, limit.plusSeconds(60)));
            }
        } catch (Exception | Error e) {
            note = "FAILED: " + e;
        } finally {
            for (Side side : sides) {
                if (side.running != null) {
                    try {
                        Steps.run("close " + side.job.name(), limit, step -> side.running.close());
                    } catch (Exception | Error e) {
                        note = (note.startsWith("FAILED") ? note + "; " : "FAILED: ") + e;
                    }
                }
                Bench.deleteQuietly(side.stateDir);
            }
        }
        if (!note.startsWith("FAILED")) {
            note = shortWindowNote(sides, note);
        }
        return rows(rep, warm, sides, windowNanos, note);
    }

    /**
     * Waits until both sides are processing, reads both, waits until one of them has processed
     * {@value #WINDOW_END_PERCENT}% of its input, reads both again; the window's length in nanoseconds.
     */
    private long measure(List<Side> sides) throws InterruptedException {
        while (sides.stream().anyMatch(side -> side.running.processed() == 0)) {
            throwIfFailed(sides);
            Thread.sleep(1);
        }
        long start = System.nanoTime();
        for (Side side : sides) {
            side.cpuAtStart = CpuReading.now(side.applicationId);
            side.processedAtStart = side.running.processed();
        }
        long end = records * WINDOW_END_PERCENT / 100;
        while (sides.stream().allMatch(side -> side.running.processed() < end)) {
            throwIfFailed(sides);
            Thread.sleep(POLL_MILLIS);
        }
        long stop = System.nanoTime();
        for (Side side : sides) {
            side.cpuAtEnd = side.cpuAtStart.again();
            side.processedAtEnd = side.running.processed();
        }
        return stop - start;
    }

    private static void throwIfFailed(List<Side> sides) {
        for (Side side : sides) {
            if (side.running.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException(side.job.name() + " failed: Kafka Streams is in ERROR");
            }
        }
    }

    private String shortWindowNote(List<Side> sides, String note) {
        for (Side side : sides) {
            if (side.windowRecords() < records * LEAST_SHARED) {
                return "FAILED: the two ran together for only " + side.windowRecords() + " of " + side.job.name()
                        + "'s records (under " + Math.round(LEAST_SHARED * 100) + "%): use more --records";
            }
        }
        return note;
    }

    private List<Bench.Row> rows(int rep, boolean warm, List<Side> sides, long windowNanos, String note) {
        boolean measured = !note.startsWith("FAILED");
        long heap = HeapPeak.peakMegabytes();
        double[] rates = new double[sides.size()];
        for (int i = 0; i < sides.size(); i++) {
            rates[i] = measured ? sides.get(i).windowRecords() * 1e9 / windowNanos : Double.NaN;
        }
        List<Bench.Row> rows = new ArrayList<>();
        for (int i = 0; i < sides.size(); i++) {
            Side side = sides.get(i);
            boolean mephisto = side.job.impl() == Job.Impl.MEPHISTO;
            double ratio = mephisto ? rates[i] / rates[1 - i] : Double.NaN;
            String rowNote = measured ? String.format(Locale.ROOT, "%s, %,d records in %d ms", note,
                    side.windowRecords(), TimeUnit.NANOSECONDS.toMillis(windowNanos)) : note;
            rows.add(new Bench.Row(rep, warm, side.job.name(), side.job.pairName(),
                    side.job.impl().name().toLowerCase(Locale.ROOT), rates[i], ratio, side.startMs, null, heap,
                    rowNote, Double.NaN, measured ? side.threadMicrosPerRecord() : Double.NaN));
        }
        return rows;
    }
}
