package dev.mephisto.bench;

import dev.mephisto.ProcessingGuarantee;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.WorkerState;
import java.nio.file.Path;

/**
 * One worker process of the scale-out curve: a Mephisto job ({@link MephistoJobs}) with N stream
 * threads, in a JVM of its own, sharing its application id with the curve's other processes. Prints
 * {@code STATE <state>} whenever its state changes, so the harness knows when every process is
 * RUNNING; stops when its standard input closes or the process is terminated.
 *
 * <pre>{@code java -cp mephisto-benchmarks.jar dev.mephisto.bench.ScaleOutWorker
 *     SHAPE GUARANTEE BOOTSTRAP APPLICATION_ID INPUT OUTPUT THREADS STATE_DIR}</pre>
 */
public final class ScaleOutWorker {

    private ScaleOutWorker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println("usage: ScaleOutWorker SHAPE GUARANTEE BOOTSTRAP APPLICATION_ID INPUT OUTPUT THREADS"
                    + " STATE_DIR");
            System.exit(2);
        }
        Job job = new Job(Job.Shape.valueOf(args[0]), Job.Impl.MEPHISTO, ProcessingGuarantee.valueOf(args[1]));
        Path stateDir = Path.of(args[7]);
        Worker worker = Worker.start(MephistoJobs.app(job, args[3], args[4], args[5], stateDir),
                WorkerOptions.defaults().withBroker(args[2]).withWebPort(-1).withStateDir(stateDir)
                        .withThreads(Integer.parseInt(args[6])));
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "scale-out-worker-close"));
        Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the harness never writes; end of input means it went away
                }
            } catch (java.io.IOException e) {
                // the same: the harness is gone
            }
            System.exit(0);
        }, "scale-out-worker-stdin");
        stdin.setDaemon(true);
        stdin.start();
        WorkerState last = null;
        while (true) {
            WorkerState now = worker.state();
            if (now != last) {
                System.out.println("STATE " + now);
                System.out.flush();
                last = now;
            }
            if (!now.alive()) {
                System.exit(1);
            }
            Thread.sleep(50);
        }
    }
}
