package dev.mephisto.chat.cli;

import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.gateway.Gateway;
import dev.mephisto.chat.gateway.GatewayOptions;
import dev.mephisto.cli.BrokerOptions;
import dev.mephisto.cli.CliContext;
import dev.mephisto.cli.DurationOption;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gateway}: the chat for people, over WebSockets, with the browser page at {@code /} and the
 * room directory at {@code /rooms}; {@code --with-worker} runs a worker and an embedded broker in
 * the same process, so one command is a whole chat.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Serve the chat to browsers and WebSocket clients: the page at /, the room directory at /rooms,"
            + " WebSocket connections at /chat.",
            "Against a running worker by default; --with-worker runs one and an embedded broker in this process"
                + " (zero setup: java -jar mephisto-chat.jar gateway --with-worker, then open http://localhost:8080/)."})
final class GatewayCommand implements Callable<Integer> {

    private final CliContext<ChatApp> ctx;

    @Mixin
    BrokerOptions broker = new BrokerOptions();

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "The HTTP and WebSocket port; 0 picks a free one. Default: 8080")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "0.0.0.0",
            description = "The interface to listen on; 127.0.0.1 for this machine only. Default: 0.0.0.0")
    String host;

    @Option(names = "--heartbeat", paramLabel = "DURATION", defaultValue = "10s", converter = DurationOption.class,
            description = "How often the gateway heartbeats for each quiet client; keep it under the worker's presence"
                    + " timeout. Default: 10s")
    Duration heartbeat;

    @Option(names = "--requests-per-second", paramLabel = "N", defaultValue = "20",
            description = "Requests one connection may send a second (bursts of twice that); more get an error frame."
                    + " Default: 20")
    int requestsPerSecond;

    @Option(names = "--with-worker", description = "Run a chat worker and an embedded broker in this process"
            + " (--broker does not apply then).")
    boolean withWorker;

    GatewayCommand(CliContext<ChatApp> ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        ChatApp chat = ctx.built();
        PrintWriter out = ctx.out();
        GatewayOptions options = GatewayOptions.defaults().withPort(port).withHost(host).withHeartbeat(heartbeat)
                .withRequestsPerSecond(requestsPerSecond);
        if (!withWorker) {
            return serve(chat, broker.clientProperties(ctx), options, out);
        }
        Path dir = Files.createTempDirectory("mephisto-chat-gateway-");
        out.println("starting a chat worker and an embedded broker in this process (" + chat.options() + ")...");
        out.flush();
        try (Worker worker = Worker.start(chat.app(), WorkerOptions.defaults().withWebPort(0).withBrokerPort(0)
                .withDataDir(dir.resolve("kafka")).withStateDir(dir.resolve("state")))) {
            worker.awaitRunning(Duration.ofSeconds(120));
            Properties kafka = new Properties();
            kafka.put("bootstrap.servers", worker.bootstrapServers());
            out.println("worker running; broker at " + worker.bootstrapServers());
            return serve(chat, kafka, options, out);
        }
    }

    private static int serve(ChatApp chat, Properties kafka, GatewayOptions options, PrintWriter out)
            throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try (Gateway gateway = Gateway.start(chat, kafka, options)) {
            // Ctrl+C: close the connections (their users leave their rooms) before the JVM goes
            Thread hook = new Thread(() -> {
                stop.countDown();
                try {
                    closed.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "chat-gateway-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("chat gateway at " + gateway.url() + " (rooms: " + gateway.url() + "rooms, WebSocket: ws://"
                    + gateway.url().substring("http://".length()) + "chat); Ctrl+C stops it");
            out.flush();
            stop.await();
        } finally {
            closed.countDown();
        }
        return 0;
    }
}
