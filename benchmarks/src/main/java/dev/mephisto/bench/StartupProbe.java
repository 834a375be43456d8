package dev.mephisto.bench;

import dev.mephisto.App;
import dev.mephisto.ProcessingGuarantee;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import org.apache.kafka.clients.admin.Admin;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Run in a child JVM by {@link Bench}: a worker with its own embedded broker (a fresh data dir, a
 * free port), timed from {@code Worker.start} to RUNNING; then a passthrough of {@code records}
 * records, and the process's peak resident set (VmHWM) and current RSS. Prints one line of
 * key=value fields.
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    public static void main(String[] args) throws Exception {
        long records = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("mephisto-startup-");
        Job job = new Job(Job.Shape.PASSTHROUGH, Job.Impl.MEPHISTO, ProcessingGuarantee.AT_LEAST_ONCE);
        App app = MephistoJobs.app(job, "startup-probe", "in", "out", dir.resolve("state"));
        long began = System.nanoTime();
        try (Worker worker = Worker.start(app, WorkerOptions.defaults().withDataDir(dir.resolve("kafka"))
                .withBrokerPort(0).withWebPort(-1).withStateDir(dir.resolve("state")))) {
            worker.awaitRunning(Duration.ofSeconds(60));
            long readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
            long jvmUptimeAtReady = ManagementFactory.getRuntimeMXBean().getUptime();
            Load load = new Load(worker.bootstrapServers(), records, 100, 10_000, false);
            load.produce("in");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", worker.bootstrapServers()))) {
                new OutputWatcher(admin).awaitComplete("out", records, Duration.ofMinutes(2));
            }
            System.out.println("startToReadyMs=" + readyMs + " jvmUptimeAtReadyMs=" + jvmUptimeAtReady
                    + " records=" + records + " " + memory());
        }
    }

    private static String memory() throws Exception {
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:") || line.startsWith("VmRSS:")) {
                String[] parts = line.split("\\s+");
                out.append(parts[0].replace(":", "")).append("MB=").append(Long.parseLong(parts[1]) / 1024).append(' ');
            }
        }
        Runtime runtime = Runtime.getRuntime();
        out.append("maxHeapMB=").append(runtime.maxMemory() / (1024 * 1024));
        return out.toString();
    }
}
