package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.examples.WordCount;
import dev.mephisto.examples.WordCountMain;
import dev.mephisto.testing.KafkaClusterExtension;
import dev.mephisto.testing.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    Path dir;

    @Test
    void shouldRunUntilSigtermAndExitZeroOnARealBroker() throws Exception {
        WorkerProcess worker = WorkerProcess.ofMain(WordCountMain.class, dir, Map.of(), "worker",
                "--broker", kafka.bootstrapServers(),
                "--state-dir", dir.resolve("state").toString(), "--web-port", "0");
        try {
            worker.awaitRunning(Duration.ofSeconds(90));
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
        WorkerProcess worker = WorkerProcess.ofMain(WordCountMain.class, dir, Map.of(), "worker",
                "--data-dir", data.toString(), "--broker-port", "0", "--web-port", "0");
        long readyMs;
        long rssKb;
        try {
            worker.awaitRunning(Duration.ofSeconds(90));
            readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
            rssKb = worker.rssKb();
            String bootstrap = Files.readString(data.resolve("bootstrap.servers")).trim();
            assertTrue(worker.output().contains("started an embedded Kafka broker at " + bootstrap), worker.output());

            CliDemoAppsIT.cli(new WordCount().app, "send", "text", "embedded", "--data-dir", data.toString());
            List<ConsumerRecord<String, Long>> counts = TestConsumer.read(bootstrap, "word-counts",
                    new StringDeserializer(), new LongDeserializer(), 1, Duration.ofSeconds(60), false);
            assertEquals("embedded", counts.get(0).key());
            // no --state-dir: tables keep their state beside the embedded broker's data, one directory per
            // cluster, not in the OS temp dir
            String clusterId;
            try (Stream<Path> clusters = Files.list(dir.resolve("state"))) {
                clusterId = clusters.filter(Files::isDirectory).findFirst().orElseThrow().getFileName().toString();
            }
            assertTrue(Files.isDirectory(dir.resolve("state").resolve(clusterId)
                    .resolve(new WordCount().app.applicationId())), "no state beside the broker's data in " + dir);
        } finally {
            assertEquals(0, worker.stop(), worker.output());
        }
        System.out.printf("FIGURES worker+embedded broker: process start to RUNNING %d ms (worker's own readyMs %s),"
                + " RSS %d MB%n", readyMs, worker.readyMs(), rssKb / 1024);
    }
}
