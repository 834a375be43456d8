package dev.mephisto.docs.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.cli.Cli;
import dev.mephisto.docs.quickstart.WordCountApp;
import dev.mephisto.testing.KafkaClusterExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-broker sample of testing.md. Compiled with the guide but not run by its build (the name
 * matches neither *Test nor *IT): it needs dev.mephisto:mephisto-test on the test
 * classpath, and mephisto-test's own integration tests already run this kit.
 */
// tag::real-broker[]
class RealBrokerExample {   // name yours *IT so that Failsafe runs it in 'mvn verify'

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);   // or 3: replication and EOS as in production

    @TempDir
    Path state;

    @Test
    void shouldCountWordsOnARealBroker() throws Exception {
        WordCountApp quickstart = new WordCountApp();
        try (Worker worker = Worker.start(quickstart.app, WorkerOptions.defaults()
                .withBroker(kafka.bootstrapServers()).withStateDir(state).withWebPort(0))) {
            worker.awaitRunning(Duration.ofSeconds(60));

            StringWriter out = new StringWriter();
            Cli.of(settings -> quickstart.app).out(new PrintWriter(out))
                    .run("send", "text", "Hello, World! Hello...", "--broker", kafka.bootstrapServers());

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Long.valueOf(2L).equals(worker.get(quickstart.table, "hello")) && System.nanoTime() < deadline) {
                Thread.sleep(100);   // the worker counts asynchronously
            }
            assertEquals(2L, worker.get(quickstart.table, "hello"));
        }
    }
}
// end::real-broker[]

