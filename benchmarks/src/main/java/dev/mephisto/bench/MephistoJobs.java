package dev.mephisto.bench;

import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.KeyValueTable;
import dev.mephisto.LocalTable;
import dev.mephisto.Topic;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;

import java.nio.file.Path;
import java.time.Duration;

/** The Mephisto versions of the jobs, on the public API only, run by a {@link Worker}. */
final class MephistoJobs {

    private MephistoJobs() {
    }

    static App app(Job job, String applicationId, String input, String output, Path stateDir) {
        App app = App.create(applicationId, config -> config
                .withProcessingGuarantee(job.guarantee())
                .withStatsInterval(Duration.ZERO)
                .withStateDir(stateDir));
        Topic<String, byte[]> in = app.topic(input, Codec.string(), Codec.bytes());
        switch (job.shape()) {
            case PASSTHROUGH -> {
                Topic<String, byte[]> out = app.topic(output, Codec.string(), Codec.bytes());
                app.agent("pass", in, (key, value, ctx) -> ctx.send(out, key, value)).sendsTo(out);
            }
            case CHAIN3 -> {
                Topic<String, byte[]> out = app.topic(output, Codec.string(), Codec.bytes());
                app.chain("chain", in)
                        .step((byte[] value) -> value.length == 0 ? null : value)
                        .step((String key, byte[] value, dev.mephisto.AgentContext ctx) -> value)
                        .step((byte[] value) -> value)
                        .to(out);
            }
            case COUNT -> {
                Topic<String, Long> out = app.topic(output, Codec.string(), Codec.int64());
                KeyValueTable<String, Long> counts = app.table("counts", Codec.string(), Codec.int64());
                app.agent("count", in, (key, value, ctx) -> {
                    LocalTable<String, Long> table = ctx.table(counts);
                    long count = table.getOrDefault(key, 0L) + 1;
                    table.put(key, count);
                    ctx.send(out, key, count);
                }).uses(counts).sendsTo(out);
            }
            default -> throw new IllegalArgumentException("unknown shape " + job.shape());
        }
        return app;
    }

    static RunningJob start(Job job, String bootstrap, String applicationId, String input, String output,
            Path stateDir) {
        App app = app(job, applicationId, input, output, stateDir);
        Worker worker = Worker.start(app, WorkerOptions.defaults()
                .withBroker(bootstrap).withWebPort(-1).withStateDir(stateDir).withThreads(1));
        // the same engine state and metrics as the hand-written twin reports
        return RunningJob.of(worker::kafkaStreams, worker::close);
    }
}
