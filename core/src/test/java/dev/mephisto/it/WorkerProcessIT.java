package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.examples.WordCount;
import dev.mephisto.examples.WordCountMain;
import dev.mephisto.testing.KafkaClusterExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code worker} as a real process: started from the command line, stopped with SIGTERM, exit code
 * 0. Prints the start-to-ready time and resident memory it measured.
 */
@Timeout(180)
class WorkerProcessIT {

    private static final Pattern READY = Pattern.compile("worker running app=word-count readyMs=(\\d+)");

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    Path dir;

    @Test
    void shouldRunUntilSigtermAndExitZeroOnARealBroker() throws Exception {
        WorkerProcess worker = WorkerProcess.start(dir, "worker", "--broker", kafka.bootstrapServers(),
                "--state-dir", dir.resolve("state").toString(), "--web-port", "0");
        try {
            worker.awaitReady(Duration.ofSeconds(90));
            WordCount wordCount = new WordCount();
            CliDemoAppsIT.cli(wordCount.app, "send", "text", "to be or not to be", "--broker", kafka.bootstrapServers());

            List<ConsumerRecord<String, Long>> counts = TestConsumer.read(kafka.bootstrapServers(), "word-counts",
                    new StringDeserializer(), new LongDeserializer(), 6, Duration.ofSeconds(60), false);
            assertEquals("be=2", counts.get(5).key() + "=" + counts.get(5).value());
        } finally {
            assertEquals(0, worker.stop(), worker.output());
        }
        assertTrue(worker.output().contains("worker stopped app=word-count clean=true"), worker.output());
    }

    @Test
    void shouldStartAnEmbeddedBrokerWhenNoneIsConfigured() throws Exception {
        Path data = dir.resolve("kafka");
        long began = System.nanoTime();
        WorkerProcess worker = WorkerProcess.start(dir, "worker", "--data-dir", data.toString(), "--broker-port", "0",
                "--state-dir", dir.resolve("state").toString(), "--web-port", "0");
        long readyMs;
        long rssKb;
        try {
            worker.awaitReady(Duration.ofSeconds(90));
            readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
            rssKb = worker.rssKb();
            String bootstrap = Files.readString(data.resolve("bootstrap.servers")).trim();
            assertTrue(worker.output().contains("started an embedded Kafka broker at " + bootstrap), worker.output());

            CliDemoAppsIT.cli(new WordCount().app, "send", "text", "embedded", "--data-dir", data.toString());
            List<ConsumerRecord<String, Long>> counts = TestConsumer.read(bootstrap, "word-counts",
                    new StringDeserializer(), new LongDeserializer(), 1, Duration.ofSeconds(60), false);
            assertEquals("embedded", counts.get(0).key());
        } finally {
            assertEquals(0, worker.stop(), worker.output());
        }
        System.out.printf("FIGURES worker+embedded broker: process start to RUNNING %d ms (worker's own readyMs %s),"
                + " RSS %d MB%n", readyMs, worker.readyMs(), rssKb / 1024);
    }

    /** A child JVM running {@link WordCountMain} with the test classpath; its output goes to a file. */
    static final class WorkerProcess {
        private final Process process;
        private final Path log;

        private WorkerProcess(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        static WorkerProcess start(Path dir, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                    "-cp", System.getProperty("java.class.path"), WordCountMain.class.getName()));
            command.addAll(List.of(args));
            Path log = Files.createTempFile(dir, "worker-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new WorkerProcess(process, log);
        }

        void awaitReady(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (readyMs() == null) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("worker not RUNNING after " + timeout + "; output:\n" + output());
                }
                Thread.sleep(50);
            }
        }

        long rssKb() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        }

        String readyMs() {
            Matcher matcher = READY.matcher(output());
            return matcher.find() ? matcher.group(1) : null;
        }

        /** Sends SIGTERM and returns the exit code. */
        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("worker did not stop within 60 s after SIGTERM; output:\n" + output());
            }
            return process.exitValue();
        }

        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(cannot read " + log + ": " + e + ")";
            }
        }
    }
}
