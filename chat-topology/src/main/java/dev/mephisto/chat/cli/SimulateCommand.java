package dev.mephisto.chat.cli;

import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.ChatOptions;
import dev.mephisto.chat.gateway.Gateway;
import dev.mephisto.chat.gateway.GatewayOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import dev.mephisto.cli.BrokerOptions;
import dev.mephisto.cli.CliContext;
import dev.mephisto.cli.DurationOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simulate}: many simulated clients at once, a live progress line, and a final report. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Drive many simulated chat clients at once and report throughput, delivery latency and lost"
            + " deliveries (exit code 1 when any delivery was lost or any user's join was denied).",
            "Against a running worker by default; --with-worker runs one in this process (on an embedded broker"
                + " unless --broker is given)."})
final class SimulateCommand implements Callable<Integer> {

    private final CliContext<ChatApp> ctx;

    @Mixin
    BrokerOptions broker = new BrokerOptions();

    @Spec
    CommandSpec spec;

    @Option(names = "--users", paramLabel = "U", defaultValue = "50", description = "Simulated users. Default: 50")
    int users;

    @Option(names = "--rooms", paramLabel = "R", defaultValue = "5",
            description = "Rooms to spread them over (0 to R-1). Default: 5")
    int rooms;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "30s", converter = DurationOption.class,
            description = "How long. Default: 30s")
    Duration duration;

    @Option(names = "--comment-every", paramLabel = "D", defaultValue = "2s", converter = DurationOption.class,
            description = "Mean time between a user's actions (comments, mostly). Default: 2s")
    Duration commentEvery;

    @Option(names = "--warmup", paramLabel = "D", defaultValue = "15s", converter = DurationOption.class,
            description = "Latency samples of the first D are left out of the report (JIT, first rebalance). Default: 15s")
    Duration warmup;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed.")
    Long seed;

    @Option(names = "--with-worker", description = "Run a chat worker and an embedded broker in this process for the"
            + " simulation (--broker does not apply then).")
    boolean withWorker;

    @Option(names = "--via-gateway", description = "Simulated clients connect over WebSockets to a gateway, as browsers"
            + " do, instead of to Kafka; with --with-worker one runs in this process, else at localhost:--gateway-port.")
    boolean viaGateway;

    @Option(names = "--gateway-port", paramLabel = "PORT", defaultValue = "8080",
            description = "The running gateway's port for --via-gateway without --with-worker. Default: 8080")
    int gatewayPort;

    SimulateCommand(CliContext<ChatApp> ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        if (users < 1 || rooms < 1) {
            throw new IllegalArgumentException("--users and --rooms must be at least 1, got " + users + " and " + rooms);
        }
        ChatApp chat = ctx.built();
        PrintWriter out = spec.commandLine().getOut();
        Simulation.Settings settings = new Simulation.Settings(users, rooms, duration, commentEvery, warmup,
                seed == null ? System.nanoTime() : seed);
        if (!withWorker) {
            if (rooms > chat.options().rooms()) {
                out.println("note: the worker's rooms are set on the worker; rooms above its last room are denied");
            }
            Simulation simulation = new Simulation(settings, chat, broker.clientProperties(ctx), out,
                    System.console() != null);
            return report((viaGateway ? simulation.viaGateway(gatewayPort) : simulation).run(), out);
        }
        Path dir = Files.createTempDirectory("mephisto-chat-simulate-");
        ChatOptions options = chat.options().withRooms(Math.max(rooms, chat.options().rooms()))
                .withCapacity(Math.max(chat.options().capacity(), (users + rooms - 1) / rooms + 5));
        WorkerOptions workerOptions = WorkerOptions.defaults().withWebPort(0).withBrokerPort(0)
                .withDataDir(dir.resolve("kafka")).withStateDir(dir.resolve("state"));
        out.println("starting a chat worker in this process (" + options + ")...");
        out.flush();
        ChatApp local = ChatApp.create(options);
        try (Worker worker = Worker.start(local.app(), workerOptions)) {
            worker.awaitRunning(Duration.ofSeconds(120));
            java.util.Properties kafka = new java.util.Properties();
            kafka.put("bootstrap.servers", worker.bootstrapServers());
            Simulation simulation = new Simulation(settings, local, kafka, out, System.console() != null);
            if (!viaGateway) {
                return report(simulation.run(), out);
            }
            // simulated users may comment faster than a person: the gateway's flood guard is for people
            try (Gateway gateway = Gateway.start(local, kafka, GatewayOptions.defaults().withPort(0)
                    .withHost("127.0.0.1").withRequestsPerSecond(10_000))) {
                out.println("gateway at " + gateway.url() + "; " + users + " WebSocket clients");
                return report(simulation.viaGateway(gateway.port()).run(), out);
            }
        }
    }

    private static int report(Simulation.Report report, PrintWriter out) {
        report.print(out);
        return report.exitCode();
    }
}
