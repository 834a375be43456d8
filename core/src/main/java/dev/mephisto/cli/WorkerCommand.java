package dev.mephisto.cli;

import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run the app until Ctrl+C or SIGTERM. With no broker configured, starts an embedded one.",
            "Each setting below is also an environment variable and a config-file key, as shown;"
                    + " flags win over the environment, which wins over the file."})
final class WorkerCommand implements Callable<Integer> {

    private final CliContext<?> ctx;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file: Kafka properties, plus the settings below by key (mephisto.threads=4).")
    Path config;

    private final Consumer<WorkerOptions> dryRun;

    /** {@code dryRun}, when not null, receives the resolved options instead of a worker starting (tests). */
    WorkerCommand(CliContext<?> ctx, Consumer<WorkerOptions> dryRun) {
        this.ctx = ctx;
        this.dryRun = dryRun;
    }

    @Override
    public Integer call() throws Exception {
        WorkerOptions options = options();
        if (dryRun != null) {
            dryRun.accept(options);
            return 0;
        }
        SignalWait signals = new SignalWait();
        Worker worker = Worker.start(ctx.app(), options);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread watcher = new Thread(() -> {
            try {
                worker.awaitStop();
            } catch (InterruptedException ignored) {
                // closing
            }
            stopped.countDown();
        }, "mephisto-worker-watch");
        watcher.setDaemon(true);
        watcher.start();
        String signal = signals.await(stopped);
        Throwable failure = worker.failure();
        worker.close();
        if (signal == null && failure != null) {
            ctx.err().println("error: worker of app '" + ctx.app().name() + "' stopped: " + failure);
            return 1;
        }
        return 0;
    }

    WorkerOptions options() {
        return WorkerOptions.from(ctx.settings());
    }
}
