package dev.mephisto.internal.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaKeysTest {

    @Test
    void shouldNameTheKeyATypoProbablyMeant() {
        assertEquals(Optional.of("linger.ms"), KafkaKeys.nearest("linger.msx"));
        assertEquals(Optional.of("producer.linger.ms"), KafkaKeys.nearest("producer.lingr.ms"));
        assertEquals(Optional.of("main.consumer.max.poll.records"), KafkaKeys.nearest("main.consumer.max.pol.records"));
        assertEquals(Optional.of("num.stream.threads"), KafkaKeys.nearest("num.streams.threads"));
    }

    @Test
    void shouldLeaveKnownKeysTopicSettingsAndPluginKeysAlone() {
        for (String key : List.of("linger.ms", "producer.acks", "consumer.max.poll.records", "processing.guarantee",
                "topic.retention.ms", "schema.registry.url", "sasl.jaas.config")) {
            assertEquals(Optional.empty(), KafkaKeys.nearest(key), key);
        }
    }

    @Test
    void shouldSayWhereAndWhatToUse() {
        assertEquals(List.of("config file " + Path.of("/etc/app.properties").toAbsolutePath() + " sets linger.msx, which no"
                + " Kafka client or Kafka Streams knows: did you mean linger.ms? (passed to Kafka as is)"),
                KafkaKeys.typos(Map.of("linger.msx", "5", "acks", "all"), Path.of("/etc/app.properties")));
    }
}
