package dev.mephisto.chat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.ChatOptions;
import dev.mephisto.chat.Status;
import dev.mephisto.testing.KafkaClusterExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One chat worker on a real broker, and clients as users have them: Java, kcat, and the terminal client. */
@Timeout(180)
class ChatServiceIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    static Path state;
    static Worker worker;

    @BeforeAll
    static void startWorker() throws Exception {
        state = Files.createTempDirectory("chat-it-");
        worker = Worker.start(ChatApp.create(ChatOptions.defaults()).app(), WorkerOptions.defaults()
                .withBroker(kafka.bootstrapServers()).withStateDir(state).withWebPort(0));
        worker.awaitRunning(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void shouldShowThreeClientsInTwoRoomsExactlyWhatTheyShouldSee() throws Exception {
        try (TestClient alex = new TestClient(kafka.bootstrapServers(), "alex");
                TestClient tim = new TestClient(kafka.bootstrapServers(), "tim");
                TestClient zoe = new TestClient(kafka.bootstrapServers(), "zoe")) {
            alex.join(1);
            tim.join(1);
            zoe.join(2);
            alex.awaitStatus(Status.USERJOINED, "tim");

            // different users' comments pass through different user partitions: each speaks after seeing the
            // previous comment, so the order the room receives them in is the order they were said in
            alex.say("hi tim");
            tim.awaitComment("alex", "hi tim");
            tim.say("/greet");
            zoe.say("anyone in two?");
            alex.awaitComment("tim", "tim says hi!");
            alex.say("bye");
            for (TestClient member : List.of(alex, tim)) {
                member.awaitComment("alex", "bye");
                assertEquals(List.of("alex: hi tim", "tim: tim says hi!", "alex: bye"), member.comments(),
                        member.user() + " sees room 1 in order");
            }
            zoe.awaitComment("zoe", "anyone in two?");
            assertEquals(List.of("zoe: anyone in two?"), zoe.comments(), "nothing of room 1 reaches room 2");

            String history = httpGet("/tables/" + ChatApp.HISTORY + "/1");
            assertTrue(history.replace(" ", "").contains("\"text\":\"timsayshi!\""), history);

            tim.leave();
            assertEquals(List.of("alex"), alex.awaitStatus(Status.USEREXITED, "tim").members());
        }
    }

    @Test
    void shouldLetAKcatClientJoinAndChatWithJsonLines() throws Exception {
        assumeTrue(onPath("kcat"), "kcat is not installed (apt-get install -y kcat)");
        try (TestClient max = new TestClient(kafka.bootstrapServers(), "max")) {
            max.join(3);
            String session = "kcat-1";
            kcat(List.of("-P", "-t", ChatApp.REQUESTS, "-K", "|"),
                    "kim|{\"type\":\"JOIN\",\"user\":\"kim\",\"session\":\"" + session + "\",\"room\":3,\"ts\":1}\n"
                            + "kim|{\"type\":\"COMMENT\",\"user\":\"kim\",\"session\":\"" + session
                            + "\",\"text\":\"hello from kcat\",\"ts\":2}\n");
            max.awaitComment("kim", "hello from kcat");
            max.say("welcome kim");

            // fan-out at the edge: kim's room speaks on chat-room-events under the room's key, once for all members
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String room3 = "";
            while (System.nanoTime() < deadline && !room3.contains("welcome kim")) {
                room3 = kcat(List.of("-C", "-t", ChatApp.ROOM_EVENTS, "-o", "beginning", "-e", "-q", "-f", "%k\t%s\n"),
                        null).lines().filter(line -> line.startsWith("3\t")).reduce("", (a, b) -> a + b + "\n");
            }
            assertTrue(room3.contains("\"status\":\"USERJOINED\",\"subject\":\"kim\""), room3);
            assertTrue(room3.contains("\"from\":\"kim\",\"text\":\"hello from kcat\""), room3);
            assertTrue(room3.contains("\"from\":\"max\",\"text\":\"welcome kim\""), room3);
            String kims = kcat(List.of("-C", "-t", ChatApp.DELIVERIES, "-o", "beginning", "-e", "-q", "-f", "%k\t%s\n"),
                    null).lines().filter(line -> line.startsWith("kim\t")).reduce("", (a, b) -> a + b + "\n");
            assertTrue(kims.contains("\"status\":\"PENDING\""), "kim's own answers stay on " + ChatApp.DELIVERIES
                    + ": " + kims);
        }
    }

    @Test
    void shouldJoinChatAndQuitFromTheTerminalClient() throws Exception {
        assumeTrue(onPath("tmux"), "tmux is not installed (apt-get install -y tmux)");
        String socket = "chat-it-" + ProcessHandle.current().pid();
        Path exit = state.resolve("terminal-exit");
        String client = String.join(" ", ChatJar.command("chat", "--user", "tom", "--room", "4", "--broker",
                kafka.bootstrapServers())) + "; echo $? > " + exit;
        try (TestClient amy = new TestClient(kafka.bootstrapServers(), "amy")) {
            tmux(socket, "new-session", "-d", "-s", "chat", "-x", "160", "-y", "40", client);
            awaitScreen(socket, "* tom joined room 4");
            amy.join(4);
            awaitScreen(socket, "* amy joined room 4");
            amy.say("hello tom");
            awaitScreen(socket, "amy: hello tom");
            tmux(socket, "send-keys", "-t", "chat", "hi amy", "Enter");
            amy.awaitComment("tom", "hi amy");
            awaitScreen(socket, "tom: hi amy");
            String screen = tmux(socket, "capture-pane", "-p", "-t", "chat");
            assertEquals(1, screen.split("tom: hi amy", -1).length - 1, "tom's own line shows once:\n" + screen);
            tmux(socket, "send-keys", "-t", "chat", "   padded   ", "Enter");
            amy.awaitComment("tom", "padded");
            tmux(socket, "send-keys", "-t", "chat", "/help", "Enter");
            awaitScreen(socket, "client commands: /filter sport");
            awaitScreen(socket, "/join N");
            String rooms = run(ChatJar.command("chat", "--list", "--broker", kafka.bootstrapServers()));
            assertTrue(rooms.lines().anyMatch(l -> l.startsWith("4 ") && l.contains("2/25") && l.contains("tom")
                    && l.contains("amy")), "chat --list shows room 4 with tom and amy:\n" + rooms);
            tmux(socket, "send-keys", "-t", "chat", "/quit", "Enter");
            amy.awaitStatus(Status.USEREXITED, "tom");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(exit) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals("0", Files.readString(exit).trim(), "the client exits 0 after /quit");
        } finally {
            new ProcessBuilder("tmux", "-L", socket, "kill-server").start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String tmux(String socket, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("tmux " + List.of(args) + " did not finish within 20 s");
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within 60 s");
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void awaitScreen(String socket, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = tmux(socket, "capture-pane", "-p", "-t", "chat");
            if (screen.contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the terminal did not show '" + text + "' within 60 s; it shows:\n" + screen);
    }

    private static String kcat(List<String> args, String stdin) throws Exception {
        List<String> command = new ArrayList<>(List.of("kcat", "-b", kafka.bootstrapServers()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kcat " + args + " did not finish within 60 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "kcat " + args + ": " + output);
        return output;
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    private static String httpGet(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + worker.webPort() + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
