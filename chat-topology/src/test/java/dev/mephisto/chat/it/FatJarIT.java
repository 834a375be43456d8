package dev.mephisto.chat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.chat.ChatRequest;
import dev.mephisto.chat.Delivery;
import dev.mephisto.chat.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar mephisto-chat.jar worker} with no broker: an embedded one, the chat options, {@code get}, SIGTERM. */
@Timeout(180)
class FatJarIT {

    private static final Pattern WEB_PORT = Pattern.compile("worker started app=chat .* web=(\\d+)");

    @TempDir
    Path dir;

    @Test
    void shouldRunTheWorkerOnAnEmbeddedBrokerWithTheChatOptionsGiven() throws Exception {
        Path log = dir.resolve("worker.log");
        Path data = dir.resolve("kafka");
        Process worker = ChatJar.start(log, "worker", "--rooms", "3", "--history", "5", "--data-dir", data.toString(),
                "--broker-port", "0", "--state-dir", dir.resolve("state").toString(), "--web-port", "0");
        try {
            awaitOutput(worker, log, "worker running app=chat", Duration.ofSeconds(120));
            String output = ChatJar.read(log);
            assertTrue(output.contains("started an embedded Kafka broker"), output);
            String bootstrap = Files.readString(data.resolve("bootstrap.servers")).trim();
            try (TestClient ana = new TestClient(bootstrap, "ana")) {
                ana.join(2);
                ana.say("kept in history");
                ana.awaitComment("ana", "kept in history");
                ana.connection.send(ChatRequest.join("ana", ana.connection.session(), 3));
                Delivery denied = ana.awaitStatus(Status.DENIED_BADROOMID, null);
                assertEquals("room 3 does not exist: rooms are 0 to 2", denied.reason());
            }
            Matcher port = WEB_PORT.matcher(ChatJar.read(log));
            assertTrue(port.find(), ChatJar.read(log));
            String history = ChatJar.run("get", "chat-history", "2", "--worker", "localhost:" + port.group(1));
            assertTrue(history.contains("kept in history"), history);
        } finally {
            worker.destroy();
            if (!worker.waitFor(60, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
                throw new AssertionError("worker did not stop within 60 s of SIGTERM:\n" + ChatJar.read(log));
            }
        }
        assertEquals(0, worker.exitValue(), ChatJar.read(log));
    }

    static void awaitOutput(Process process, Path log, String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ChatJar.read(log).contains(text)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' within " + timeout + "; output:\n" + ChatJar.read(log));
            }
            Thread.sleep(100);
        }
    }
}
