package dev.mephisto.cli;

import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run the app until Ctrl+C or SIGTERM. With no broker configured, starts an embedded one.")
final class WorkerCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--broker", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (also KAFKA_BOOTSTRAP_SERVERS). Default: an embedded broker.")
    String broker;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file: Kafka properties, plus mephisto.data.dir, mephisto.web.port, mephisto.web.bind"
                    + " and the other mephisto.* keys named below.")
    Path config;

    @Option(names = "--threads", paramLabel = "N", description = "Stream threads (also MEPHISTO_THREADS).")
    Integer threads;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Table state directory (also MEPHISTO_STATE_DIR).")
    Path stateDir;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Embedded broker data (also MEPHISTO_DATA_DIR). Default: ./.mephisto/kafka")
    Path dataDir;

    @Option(names = "--broker-port", paramLabel = "PORT",
            description = "Preferred port of the embedded broker; the next free one is used if taken, 0 for any. Default: 9092")
    Integer brokerPort;

    @Option(names = "--web-port", paramLabel = "PORT",
            description = "HTTP port for health and lookups, 0 for any, -1 for none (also MEPHISTO_WEB_PORT). Default: 6066")
    Integer webPort;

    @Option(names = "--web-bind", paramLabel = "ADDRESS",
            description = "Address the HTTP surface listens on: 0.0.0.0 for every interface (containers), 127.0.0.1 for"
                    + " this machine only (also MEPHISTO_WEB_BIND, mephisto.web.bind). Default: 127.0.0.1 with the"
                    + " embedded broker, 0.0.0.0 with a configured one")
    String webBind;

    @Option(names = "--stuck-after", paramLabel = "SECONDS",
            description = "Readiness turns false while a stream thread spends longer on one record (also"
                    + " MEPHISTO_STUCK_AFTER, mephisto.health.stuck.after.seconds). Default: 30")
    Integer stuckAfter;

    @Option(names = "--min-free-disk", paramLabel = "MB",
            description = "Readiness turns false while the disk holding state or broker data has less free (also"
                    + " MEPHISTO_MIN_FREE_DISK_MB, mephisto.health.min.free.disk.mb). Default: 64")
    Integer minFreeDiskMb;

    @Option(names = "--admin-token", paramLabel = "TOKEN",
            description = "Bearer token that allows POST /pause and /resume (also MEPHISTO_ADMIN_TOKEN).")
    String adminToken;

    WorkerCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        SignalWait signals = new SignalWait();
        WorkerOptions options = options();
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
        Properties file = ClientSettings.load(config);
        WorkerOptions options = WorkerOptions.defaults();
        Optional<String> chosenBroker = ClientSettings.pick(broker, ctx.env(), ClientSettings.ENV_BROKER, file,
                ClientSettings.FILE_BROKER, Optional.empty());
        for (String key : file.stringPropertyNames()) {
            if (!key.startsWith("mephisto.") && !key.equals(ClientSettings.FILE_BROKER)
                    && !key.equals(ClientSettings.FILE_THREADS) && !key.equals(ClientSettings.FILE_STATE_DIR)) {
                options = options.withKafka(key, file.getProperty(key));
            }
        }
        if (chosenBroker.isPresent()) {
            options = options.withBroker(chosenBroker.get());
        }
        Optional<String> chosenThreads = ClientSettings.pick(threads == null ? null : threads.toString(), ctx.env(),
                ClientSettings.ENV_THREADS, file, ClientSettings.FILE_THREADS, Optional.empty());
        if (chosenThreads.isPresent()) {
            options = options.withThreads(ClientSettings.parseInt("threads", chosenThreads.get()));
        }
        Optional<String> chosenStateDir = ClientSettings.pick(stateDir == null ? null : stateDir.toString(), ctx.env(),
                ClientSettings.ENV_STATE_DIR, file, ClientSettings.FILE_STATE_DIR, Optional.empty());
        if (chosenStateDir.isPresent()) {
            options = options.withStateDir(Path.of(chosenStateDir.get()));
        }
        options = options.withDataDir(ClientSettings.dataDir(ctx, dataDir, file));
        if (brokerPort != null) {
            options = options.withBrokerPort(brokerPort);
        }
        Optional<String> chosenWebPort = ClientSettings.pick(webPort == null ? null : webPort.toString(), ctx.env(),
                ClientSettings.ENV_WEB_PORT, file, ClientSettings.FILE_WEB_PORT, Optional.empty());
        if (chosenWebPort.isPresent()) {
            options = options.withWebPort(ClientSettings.parseInt("web port", chosenWebPort.get()));
        }
        Optional<String> chosenBind = ClientSettings.pick(webBind, ctx.env(), "MEPHISTO_WEB_BIND", file,
                "mephisto.web.bind", Optional.empty());
        if (chosenBind.isPresent()) {
            options = options.withWebBindAddress(chosenBind.get());
        }
        Optional<String> chosenStuck = ClientSettings.pick(stuckAfter == null ? null : stuckAfter.toString(), ctx.env(),
                "MEPHISTO_STUCK_AFTER", file, "mephisto.health.stuck.after.seconds", Optional.empty());
        if (chosenStuck.isPresent()) {
            int seconds = ClientSettings.parseInt("stuck-after seconds", chosenStuck.get());
            if (seconds < 1) {
                throw new UserError("--stuck-after must be 1 second or more, got " + seconds);
            }
            options = options.withStuckRecordDeadline(Duration.ofSeconds(seconds));
        }
        Optional<String> chosenFree = ClientSettings.pick(minFreeDiskMb == null ? null : minFreeDiskMb.toString(),
                ctx.env(), "MEPHISTO_MIN_FREE_DISK_MB", file, "mephisto.health.min.free.disk.mb", Optional.empty());
        if (chosenFree.isPresent()) {
            int mb = ClientSettings.parseInt("min-free-disk MB", chosenFree.get());
            if (mb < 0) {
                throw new UserError("--min-free-disk must be 0 MB or more, got " + mb);
            }
            options = options.withMinFreeDiskBytes(mb * 1024L * 1024L);
        }
        Optional<String> chosenToken = ClientSettings.pick(adminToken, ctx.env(), "MEPHISTO_ADMIN_TOKEN", file,
                "mephisto.admin.token", Optional.empty());
        if (chosenToken.isPresent()) {
            options = options.withAdminToken(chosenToken.get());
        }
        return options;
    }
}
