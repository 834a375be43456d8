package dev.mephisto.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.AgentContext;
import dev.mephisto.App;
import dev.mephisto.Codec;
import dev.mephisto.Topic;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.testing.KafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent that sends a record on as it came forwards the record itself (no copy of its headers),
 * which hands that record's headers to the producer, which makes them read-only. A second agent on
 * the same source, handling the same record afterwards, must still get the request id, send with
 * headers of its own and keep the worker RUNNING; the first agent's output keeps the record's
 * headers and timestamp.
 */
@Timeout(180)
class PassThroughIT {

    private static final int RECORDS = 300;

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    Path state;

    @Test
    void shouldPassARecordOnUnchangedAndLetASecondAgentOnTheSameSourceAddHeaders() throws Exception {
        App app = App.create("pass-through");
        Topic<String, String> in = app.topic("pt-in", Codec.string(), Codec.string());
        Topic<String, String> passed = app.topic("pt-passed", Codec.string(), Codec.string());
        Topic<String, String> tagged = app.topic("pt-tagged", Codec.string(), Codec.string());
        app.agent("pass", in, (key, value, ctx) -> ctx.send(passed, key, value)).sendsTo(passed);
        app.agent("tag", in, (key, value, ctx) -> {
            ctx.send(tagged, key, value + "!", Map.of("stage", "tag"));
            ctx.send(tagged, key, value); // the same record again, after "pass" handed it to its producer
        }).sendsTo(tagged);

        try (Worker worker = Worker.start(app, WorkerOptions.defaults().withBroker(kafka.bootstrapServers())
                .withStateDir(state).withWebPort(-1))) {
            worker.awaitRunning(Duration.ofSeconds(60));
            StateWatch watch = StateWatch.of(worker);
            produce();

            List<ConsumerRecord<String, String>> passedOut = TestConsumer.read(kafka.bootstrapServers(), "pt-passed",
                    new StringDeserializer(), new StringDeserializer(), RECORDS, Duration.ofSeconds(90), false);
            List<ConsumerRecord<String, String>> taggedOut = TestConsumer.read(kafka.bootstrapServers(), "pt-tagged",
                    new StringDeserializer(), new StringDeserializer(), 2 * RECORDS, Duration.ofSeconds(90), false);
            Set<String> notRunning = watch.leftRunning();

            assertEquals(RECORDS, passedOut.size());
            assertEquals(2 * RECORDS, taggedOut.size());
            Map<String, String> idByKey = new HashMap<>();
            for (ConsumerRecord<String, String> record : passedOut) {
                int i = Integer.parseInt(record.key().substring(1));
                assertEquals("v" + i, record.value());
                assertEquals(1_767_225_600_000L + i, record.timestamp(), "the record's own timestamp");
                assertEquals("origin-" + i, text(record.headers().lastHeader("origin")), "the record's own headers");
                String id = text(record.headers().lastHeader(AgentContext.REQUEST_ID_HEADER));
                assertTrue(id != null && id.length() == 36, "a request id was created: " + id);
                assertNull(record.headers().lastHeader("stage"), "no header of the other agent");
                idByKey.put(record.key(), id);
            }
            for (ConsumerRecord<String, String> record : taggedOut) {
                assertEquals(idByKey.get(record.key()), text(record.headers().lastHeader(AgentContext.REQUEST_ID_HEADER)),
                        "both agents carry the one id of " + record.key());
                assertEquals(record.value().endsWith("!") ? "tag" : null, text(record.headers().lastHeader("stage")));
            }
            assertTrue(notRunning.isEmpty(), "the worker left RUNNING: " + notRunning);
        }
    }

    private static String text(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void produce() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>("pt-in", null, 1_767_225_600_000L + i,
                        "k" + i, "v" + i);
                record.headers().add("origin", ("origin-" + i).getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
    }
}
