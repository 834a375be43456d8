package dev.mephisto.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KafkaClusterLifecycleIT {

    @Test
    void shouldRunInProcessOnAutoWithoutDockerPropertyAndCloseTwice() throws Exception {
        System.clearProperty(KafkaCluster.DOCKER_PROPERTY);
        KafkaCluster kafka = KafkaCluster.start(1, KafkaCluster.Backend.AUTO);
        try {
            assertEquals(KafkaCluster.Backend.IN_PROCESS, kafka.backend());
            try (KafkaProducer<String, String> producer = TestClients.producer(kafka.bootstrapServers(), Map.of())) {
                producer.send(new ProducerRecord<>("auto-created", "k", "v")).get(20, TimeUnit.SECONDS);
            }
            assertEquals(List.of("v"), TestClients.consume(kafka.bootstrapServers(), "auto-created", 1, Map.of()));
        } finally {
            kafka.close();
        }
        kafka.close(); // the test kit's own close is not idempotent; ours is
        assertThrows(IllegalStateException.class, () -> kafka.createTopic("after-close", 1, (short) 1));
    }
}
