package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mephisto.App;
import dev.mephisto.ProcessingGuarantee;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.examples.WordCount;
import dev.mephisto.testing.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The word count under exactly-once v2 on three brokers, topics replicated three times. */
@Timeout(180)
class ExactlyOnceThreeBrokersIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(3);

    @TempDir
    Path state;

    @Test
    void shouldCountEveryWordExactlyOnceReadCommitted() throws Exception {
        WordCount wordCount = new WordCount(App.create("eos-word-count", config -> config
                .withProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
                .withTopicPartitions(3)
                .withTopicReplication(3)));
        try (Worker worker = Worker.start(wordCount.app, WorkerOptions.defaults()
                .withBroker(kafka.bootstrapServers()).withStateDir(state).withWebPort(-1))) {
            worker.awaitRunning(Duration.ofSeconds(90));
            for (String line : List.of("one two three", "two three", "three")) {
                CliDemoAppsIT.cli(wordCount.app, "send", "text", line, "--key", line, "--broker",
                        kafka.bootstrapServers());
            }

            List<ConsumerRecord<String, Long>> counts = TestConsumer.read(kafka.bootstrapServers(), "word-counts",
                    new StringDeserializer(), new LongDeserializer(), 6, Duration.ofSeconds(90), true);

            Map<String, Long> last = new TreeMap<>();
            counts.forEach(record -> last.put(record.key(), record.value()));
            assertEquals(6, counts.size());
            assertEquals(Map.of("one", 1L, "two", 2L, "three", 3L), last);
            assertEquals(3L, worker.get(wordCount.countTable, "three"));
        }
    }
}
