package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.examples.WordCountMain;
import dev.mephisto.internal.broker.FreePorts;
import dev.mephisto.testing.KafkaClusterExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a separate JVM, its whole output read as a person sees it: the logging backend is on (this
 * classpath's logback lets Kafka's warnings through, as the apps' jars do), so only what a client command prints
 * itself may show.
 */
@Timeout(180)
class CliProcessIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    Path workDir;

    private record Run(int code, String output, long ms) {
    }

    @Test
    void shouldPrintOnlyItsOwnLineWhenNothingListensAtTheBroker() throws Exception {
        String nobody = "127.0.0.1:" + FreePorts.any();

        Run run = cli("send", "text", "hello", "--broker", nobody);

        assertEquals(1, run.code(), run.output());
        assertEquals("error: no Kafka broker at " + nobody + " (connection refused); start one with 'word-count"
                + " worker' (it embeds a broker) or 'word-count broker', or pass --broker HOST:PORT\n", run.output());
        System.out.printf("MEASURE send to a closed port: exit %d after %d ms, %d line(s)%n", run.code(), run.ms(),
                run.output().lines().count());
    }

    @Test
    void shouldPrintOnlyItsOwnLineWithinTheTimeoutWhenTheBrokerDoesNotAnswer() throws Exception {
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            Thread acceptor = silentAcceptor(silent);
            String address = "127.0.0.1:" + silent.getLocalPort();

            for (List<String> command : List.of(List.of("send", "text", "hello", "--timeout", "2"), List.of("dlq"))) {
                List<String> args = new ArrayList<>(command);
                args.addAll(List.of("--broker", address));
                Run run = cli(args.toArray(String[]::new));

                assertEquals(1, run.code(), run.output());
                assertEquals(1, run.output().lines().count(), "only the command's own line: " + run.output());
                assertTrue(run.output().startsWith("error: no answer from a Kafka broker at " + address + " about"),
                        run.output());
                assertTrue(run.output().trim().endsWith("or pass --broker HOST:PORT"), run.output());
                assertTrue(run.ms() < 60_000, command + " took " + run.ms() + " ms");
                System.out.printf("MEASURE %s against a silent port: exit %d after %d ms%n", command.get(0),
                        run.code(), run.ms());
            }
            acceptor.interrupt();
        }
    }

    @Test
    void shouldPrintOnlyTheOffsetWhenSendingToANewTopic() throws Exception {
        Run run = cli("send", "text", "hello there", "--broker", kafka.bootstrapServers());

        assertEquals(0, run.code(), run.output());
        assertEquals("topic=text partition=0 offset=0\n", run.output(),
                "no Kafka warning about the topic being created");
    }

    @Test
    void shouldExitTwoForAnUnknownCommandWithHelp() throws Exception {
        Run run = cli("nosuch", "--help");

        assertEquals(2, run.code(), run.output());
        assertEquals("error: unknown command 'nosuch'; the commands are worker, broker, send, topology, topics,"
                + " agents, tables, get, reset, dlq (see 'word-count --help')\n", run.output());
    }

    private Run cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"), WordCountMain.class.getName()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(workDir, "cli-", ".out");
        long began = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(List.of(args) + " still runs after 120 s; output:\n" + Files.readString(output));
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8), ms);
    }

    /** Accepts connections and never answers, as a port held by something that is not Kafka might. */
    private static Thread silentAcceptor(ServerSocket server) {
        List<Socket> held = new ArrayList<>();
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    held.add(server.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-acceptor");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
