package dev.mephisto.chat.cli;

import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.ChatRequest;
import dev.mephisto.chat.Delivery;
import dev.mephisto.chat.DeliveryType;
import dev.mephisto.chat.Status;
import dev.mephisto.chat.client.ChatConnection;
import dev.mephisto.chat.client.ChatLink;
import dev.mephisto.chat.client.GatewayConnection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.WakeupException;
import dev.mephisto.cli.BrokerOptions;
import dev.mephisto.cli.CliContext;
import dev.mephisto.cli.ClientCommand;
import dev.mephisto.cli.DurationOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code chat --user NAME --room N}: the interactive terminal client. A reader thread prints what
 * arrives while the prompt stays usable; it heartbeats on its own; {@code /quit} or Ctrl+C leaves.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Chat in a room from this terminal: type to talk, /quit (or Ctrl+C) to leave.",
            "Client commands: /filter sport <expr|NONE|ALL>, /filter execution <expr|NONE|ALL>, /join N, /quit.",
            "--list prints the room directory (occupancy, capacity, members, filters) and exits.",
            "Room commands: /greet, /joke, /help, /users, /me <action>."})
final class ChatClientCommand implements Callable<Integer>, ClientCommand {

    private static final String EOF = "\u0000eof";

    private final CliContext<ChatApp> ctx;

    @Mixin
    BrokerOptions broker = new BrokerOptions();

    /** What {@code /help} shows besides the room's own commands. */
    static final String CLIENT_HELP = "client commands: /filter sport <expr|NONE|ALL>, /filter execution"
            + " <expr|NONE|ALL>, /join N (another room), /quit (leave)";

    @Option(names = "--user", paramLabel = "NAME", description = "Your name (case-sensitive).")
    String user;

    @Option(names = "--room", paramLabel = "N", description = "The room to join, 0 to rooms-1.")
    Integer room;

    @Option(names = "--gateway", paramLabel = "URL", description = "Chat through the gateway at this URL"
            + " (ws://host:8080/chat or http://host:8080/) instead of Kafka: no Kafka access needed.")
    String gateway;

    @Option(names = "--list", description = "Print the rooms (occupancy, capacity, members, filters) and exit.")
    boolean list;

    @Option(names = "--heartbeat", paramLabel = "DURATION", defaultValue = "10s", converter = DurationOption.class,
            description = "How often to heartbeat when quiet; keep it under the worker's presence timeout. Default: 10s")
    Duration heartbeat;

    ChatClientCommand(CliContext<ChatApp> ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        if (list) {
            return RoomList.print(ctx.built(), broker.clientProperties(ctx), ctx.out());
        }
        if (user == null || user.isBlank() || room == null) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "chat needs --user NAME and --room N (or --list to see the rooms first)");
        }
        Duration every = heartbeat;
        PrintWriter out = ctx.out();
        Screen screen = new Screen(out, user + ": ", System.console() != null);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean left = new AtomicBoolean(false);
        AtomicInteger exitCode = new AtomicInteger(0);
        BlockingQueue<String> input = new LinkedBlockingQueue<>();
        try (ChatLink connection = gateway != null ? GatewayConnection.open(gateway, user)
                : ChatConnection.open(broker.clientProperties(ctx), user,
                        "s-" + java.util.UUID.randomUUID().toString().substring(0, 8))) {
            Thread leaveOnExit = new Thread(() -> {
                if (!left.getAndSet(true)) {
                    trySend(connection, ChatRequest.leave(user, connection.session()));
                }
            }, "chat-leave-on-exit");
            Runtime.getRuntime().addShutdownHook(leaveOnExit);
            Thread reader = new Thread(() -> read(connection, screen, running, exitCode, input), "chat-reader");
            reader.setDaemon(true);
            Thread keyboard = new Thread(() -> keyboard(input, screen), "chat-keyboard");
            keyboard.setDaemon(true);
            ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "chat-heartbeat");
                thread.setDaemon(true);
                return thread;
            });
            connection.send(ChatRequest.join(user, connection.session(), room));
            reader.start();
            keyboard.start();
            heartbeats.scheduleAtFixedRate(() -> trySend(connection, ChatRequest.heartbeat(user, connection.session())),
                    every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
            try {
                while (running.get()) {
                    String line = input.poll(200, TimeUnit.MILLISECONDS);
                    if (line == null) {
                        continue;
                    }
                    if (line.equals(EOF) || line.strip().equals("/quit")) {
                        break;
                    }
                    handle(line, connection, screen);
                }
            } finally {
                heartbeats.shutdownNow();
                running.set(false);
                if (!left.getAndSet(true)) {
                    trySend(connection, ChatRequest.leave(user, connection.session()));
                    screen.show("* you left");
                }
                connection.wakeup();
                reader.join(2_000);
                try {
                    Runtime.getRuntime().removeShutdownHook(leaveOnExit);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl+C: the hook is running already
                }
            }
        }
        return exitCode.get();
    }

    private void handle(String line, ChatLink connection, Screen screen) {
        String text = line.strip();
        if (text.isEmpty()) {
            screen.prompt();
            return;
        }
        if (text.equals("/help")) {
            screen.show(CLIENT_HELP);
            connection.send(ChatRequest.comment(user, connection.session(), text)); // the room's commands
            return;
        }
        if (text.equals("/filter") || text.startsWith("/filter ")) {
            String[] parts = text.split("\\s+", 3);
            if (parts.length < 3 || !(parts[1].equals("sport") || parts[1].equals("execution"))) {
                screen.show("usage: /filter sport <expr|NONE|ALL>  or  /filter execution <expr|NONE|ALL>");
                return;
            }
            boolean sport = parts[1].equals("sport");
            connection.send(ChatRequest.filter(user, connection.session(), sport ? parts[2] : null,
                    sport ? null : parts[2]));
            screen.prompt();
            return;
        }
        if (text.startsWith("/join ")) {
            try {
                connection.send(ChatRequest.join(user, connection.session(), Integer.parseInt(text.substring(6).trim())));
            } catch (NumberFormatException e) {
                screen.show("usage: /join N, with N a room number");
            }
            return;
        }
        connection.send(ChatRequest.comment(user, connection.session(), text));
        screen.prompt();
    }

    private void read(ChatLink connection, Screen screen, AtomicBoolean running, AtomicInteger exitCode,
            BlockingQueue<String> input) {
        try {
            while (running.get()) {
                for (Delivery delivery : connection.poll(Duration.ofMillis(200))) {
                    DeliveryFormat.lines(delivery).forEach(screen::show);
                    if (isDenial(delivery)) {
                        exitCode.set(1);
                        input.add(EOF);
                    }
                    if (delivery.type() == DeliveryType.ROOM_STATUS && delivery.status() == Status.USEREXITED
                            && user.equals(delivery.subject()) && "timed out".equals(delivery.reason())) {
                        screen.show("* your session timed out; joining again");
                        trySend(connection, ChatRequest.join(user, connection.session(), delivery.room()));
                    }
                }
            }
        } catch (WakeupException closing) {
            // the writer is done
        } catch (RuntimeException e) {
            screen.show("! lost the connection" + (gateway != null ? " to the gateway: " : " to Kafka: ") + e.getMessage());
            exitCode.set(1);
            input.add(EOF);
        }
    }

    private static boolean isDenial(Delivery d) {
        return d.type() == DeliveryType.ROOM_STATUS && d.status() != null && d.status().name().startsWith("DENIED_");
    }

    private static void keyboard(BlockingQueue<String> input, Screen screen) {
        try (BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = stdin.readLine()) != null) {
                // the room echoes every comment to its sender: wipe the typed line at once, so it shows once
                screen.eraseTypedLine();
                input.add(line);
            }
        } catch (java.io.IOException ignored) {
            // the terminal went away: same as end of input
        }
        input.add(EOF);
    }

    private static void trySend(ChatLink connection, ChatRequest request) {
        try {
            connection.send(request);
        } catch (RuntimeException ignored) {
            // best effort: a lost heartbeat or LEAVE is covered by the presence timeout
        }
    }

    /** The terminal: prints lines above the prompt, so typing and reading go on together. */
    static final class Screen {
        private static final String CLEAR_LINE = "\r\033[2K";
        private final PrintWriter out;
        private final String prompt;
        private final boolean interactive;

        Screen(PrintWriter out, String prompt, boolean interactive) {
            this.out = out;
            this.prompt = prompt;
            this.interactive = interactive;
        }

        synchronized void show(String line) {
            if (interactive) {
                out.print(CLEAR_LINE);
            }
            out.println(line);
            prompt();
        }

        /** Moves up over the line just typed and clears it (a terminal echoes what is typed; pipes do not). */
        synchronized void eraseTypedLine() {
            if (interactive) {
                out.print("\033[1A" + CLEAR_LINE);
                out.flush();
            }
        }

        synchronized void prompt() {
            if (interactive) {
                out.print(prompt);
                out.flush();
            }
        }
    }
}
