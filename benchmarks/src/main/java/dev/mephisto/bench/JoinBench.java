package dev.mephisto.bench;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.JoinWindow;
import dev.mephisto.Topic;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.broker.EmbeddedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.StreamJoined;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The join row: Mephisto's {@code app.join} against its hand-written Kafka Streams twin (the DSL's
 * {@code KStream.join} with {@code JoinWindows}), on the same broker and the same inputs: {@code records}
 * left records and as many right ones, every key distinct, so each left record matches exactly one right
 * one and both write {@code records} matches. Both read the two topics from the start after they were
 * filled, at-least-once, one thread; the rate runs from RUNNING to the last match written. Mephisto's join does more (redeliveries dropped, unmatched records
 * tracked for its unmatched functions, late records to the dead-letter topic): the ratio is what that
 * costs. Run: {@code java -cp benchmarks/target/mephisto-benchmarks.jar dev.mephisto.bench.JoinBench
 * [records] [repetitions]}.
 */
public final class JoinBench {

    private static final Duration WITHIN = Duration.ofMinutes(10);

    private JoinBench() {
    }

    public static void main(String[] args) throws Exception {
        long records = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory("mephisto-join-bench-");
        System.out.printf("join row: %d left + %d right records, distinct keys, 100-byte values, window %s,"
                + " at-least-once, one thread, embedded broker%n", records, records, WITHIN);
        System.out.printf("%-4s %-10s %12s %7s%n", "rep", "impl", "matches/s", "ratio");
        try (EmbeddedBroker broker = EmbeddedBroker.start(EmbeddedBroker.Options.defaults()
                .withDataDir(work.resolve("kafka")).withPort(0));
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers()))) {
            Load load = new Load(broker.bootstrapServers(), records, 100, (int) records, false);
            OutputWatcher watcher = new OutputWatcher(admin);
            Duration limit = Steps.deadline(0, records * 2);
            for (int rep = 1; rep <= reps; rep++) {
                boolean mephistoFirst = rep % 2 == 0;   // alternate, so a drift favours neither
                double first = run(admin, broker.bootstrapServers(), load, watcher, work, rep, mephistoFirst, records, limit);
                double second = run(admin, broker.bootstrapServers(), load, watcher, work, rep, !mephistoFirst, records,
                        limit);
                double mephisto = mephistoFirst ? first : second;
                double streams = mephistoFirst ? second : first;
                System.out.printf("%-4d %-10s %,12.0f %7s%n", rep, "streams", streams, "");
                System.out.printf("%-4d %-10s %,12.0f %7.3f%n", rep, "mephisto", mephisto, mephisto / streams);
            }
        } finally {
            Bench.deleteQuietly(work);
        }
    }

    /** One job run; its matches per second from RUNNING to the last match written, NaN when it failed. */
    private static double run(Admin admin, String bootstrap, Load load, OutputWatcher watcher, Path work, int rep, boolean mephisto,
            long records, Duration limit) throws Exception {
        String id = "join-" + System.currentTimeMillis() % 100_000 + "-r" + rep + (mephisto ? "-mephisto" : "-streams");
        String left = id + "-left";
        String right = id + "-right";
        String output = id + "-out";
        Path stateDir = Files.createDirectories(work.resolve(id));
        RunningJob job = null;
        try {
            Bench.createTopics(admin, left, right, output);
            load.produce(left);     // a producer failing under load fails the run, reported, not the whole row
            load.produce(right);
            job = mephisto ? startMephisto(id, left, right, output, stateDir, bootstrap)
                    : startStreams(id, left, right, output, stateDir, bootstrap);
            long running = Bench.awaitRunning(job);
            long done = watcher.awaitComplete(output, records, limit);
            return records * 1e9 / (done - running);
        } catch (Exception e) {
            System.out.println("rep " + rep + (mephisto ? " mephisto" : " streams") + " FAILED: " + e);
            return Double.NaN;
        } finally {
            if (job != null) {
                job.close();
            }
            Bench.deleteQuietly(stateDir);
        }
    }

    private static RunningJob startMephisto(String id, String leftName, String rightName, String outputName,
            Path stateDir, String bootstrap) {
        App app = App.create(id, config -> config.withStatsInterval(Duration.ZERO).withStateDir(stateDir));
        Topic<String, byte[]> left = app.topic(leftName, Codec.string(), Codec.bytes());
        Topic<String, byte[]> right = app.topic(rightName, Codec.string(), Codec.bytes());
        Topic<String, byte[]> out = app.topic(outputName, Codec.string(), Codec.bytes());
        app.join("join", left, right, JoinWindow.within(WITHIN), (key, l, r, ctx) -> ctx.send(out, key, l))
                .sendsTo(out);
        Worker worker = Worker.start(app, WorkerOptions.defaults().withBroker(bootstrap)
                .withWebPort(-1).withStateDir(stateDir).withThreads(1));
        return RunningJob.of(worker::kafkaStreams, worker::close);
    }

    private static RunningJob startStreams(String id, String left, String right, String output, Path stateDir,
            String bootstrap) {
        return HandWrittenJobs.run(topology(left, right, output), id, bootstrap, StreamsConfig.AT_LEAST_ONCE, stateDir);
    }

    /** The hand-written twin: the DSL's windowed inner join, stores named as a redeploy needs. */
    static Topology topology(String left, String right, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, byte[]> l = builder.stream(left, Consumed.with(Serdes.String(), Serdes.ByteArray()));
        KStream<String, byte[]> r = builder.stream(right, Consumed.with(Serdes.String(), Serdes.ByteArray()));
        l.join(r, (lv, rv) -> lv, JoinWindows.ofTimeDifferenceAndGrace(WITHIN, Duration.ZERO),
                        StreamJoined.with(Serdes.String(), Serdes.ByteArray(), Serdes.ByteArray())
                                .withName("join").withStoreName("join"))
                .to(output, Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }
}
