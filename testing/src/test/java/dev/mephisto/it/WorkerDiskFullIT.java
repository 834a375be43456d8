package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Topic;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.broker.EmbeddedBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose embedded broker keeps its data on a real 20 MB filesystem that fills up (issue 12,
 * item 6): readiness turns false, and closing it ends within a bound. Needs root to mount a tmpfs;
 * skipped, saying why, where mounting is not allowed.
 */
@Timeout(300)
class WorkerDiskFullIT {

    @TempDir
    Path dir;

    @Test
    void shouldReportNotReadyAndCloseInBoundedTimeWhenTheEmbeddedBrokersDiskFills() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("small-disk"));
        String refused = run("mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", mount.toString());
        assumeTrue(refused == null, "cannot mount a 20 MB tmpfs here (needs root or CAP_SYS_ADMIN): " + refused);
        try {
            App app = App.create("health-full");
            Topic<String, String> in = app.topic("full-in", Codec.string(), Codec.string());
            Topic<String, String> out = app.topic("full-out", Codec.string(), Codec.string());
            app.agent("copier", in, (key, value, ctx) -> ctx.send(out, key, value)).sendsTo(out);
            Worker worker = Worker.start(app, WorkerOptions.defaults().withDataDir(mount.resolve("kafka"))
                    .withBrokerPort(0).withWebPort(0).withMinFreeDisk(1024 * 1024));
            long closeMs;
            try {
                worker.awaitRunning(Duration.ofSeconds(90));
                String base = "http://127.0.0.1:" + worker.webPort();
                WorkerHealthIT.awaitReady(base, body -> body.get("ready").asBoolean(), Duration.ofSeconds(30));

                fill(mount.resolve("filler"));
                produceUntilRefused(worker.bootstrapServers());
                long filled = System.nanoTime();
                JsonNode body = WorkerHealthIT.awaitReady(base, b -> WorkerHealthIT.hasReason(b, "disk"),
                        Duration.ofSeconds(30));
                System.out.printf("FIGURES health: full disk reported after %d ms: %s%n",
                        (System.nanoTime() - filled) / 1_000_000, body.get("reasons"));
                JsonNode broker = WorkerHealthIT.awaitReady(base, b -> WorkerHealthIT.hasReason(b, "broker"),
                        Duration.ofSeconds(30));
                assertTrue(WorkerHealthIT.reason(broker, "broker").contains("log dir"), broker.toString());
                assertEquals(200, WorkerHealthIT.get(base + "/health/live", Duration.ofSeconds(5)).statusCode(),
                        "a full disk makes the worker not ready, not dead: " + body);
            } finally {
                long closing = System.nanoTime();
                worker.close();
                closeMs = (System.nanoTime() - closing) / 1_000_000;
            }
            System.out.printf("FIGURES health: worker on a full disk closed in %d ms%n", closeMs);
            assertTrue(closeMs < 20_000, "closing a worker on a full disk took " + closeMs + " ms");
        } finally {
            String failed = run("umount", "-l", mount.toString());
            if (failed != null) {
                System.err.println("could not unmount " + mount + ": " + failed);
            }
        }
    }

    private static void fill(Path file) {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // no space left on the device: what we wanted
        }
    }

    /** Keeps producing until the broker refuses, so it meets the full disk too. */
    private static void produceUntilRefused(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        String value = "x".repeat(100_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 200; i++) {
                producer.send(new ProducerRecord<>("full-in", "k" + i, value)).get(10, TimeUnit.SECONDS);
            }
        } catch (Exception refused) {
            // the broker could not write: expected on a full disk
        }
    }

    /** Runs a command; null when it succeeded, else why not. */
    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " did not finish in 30 s";
            }
            String output = new String(process.getInputStream().readAllBytes()).trim();
            return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
