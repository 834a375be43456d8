package dev.mephisto.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KafkaClusterIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @Test
    void shouldProduceAndConsumeOnOneBroker() throws Exception {
        kafka.cluster().createTopic("greetings", 2, (short) 1);
        try (KafkaProducer<String, String> producer = TestClients.producer(kafka.bootstrapServers(), Map.of())) {
            producer.send(new ProducerRecord<>("greetings", "k", "hello")).get(20, TimeUnit.SECONDS);
        }
        assertEquals(List.of("hello"), TestClients.consume(kafka.bootstrapServers(), "greetings", 1, Map.of()));
        assertEquals(1, kafka.cluster().brokerCount());
        assertEquals(KafkaCluster.Backend.IN_PROCESS, kafka.cluster().backend());
    }

    @Test
    void shouldRejectReplicationAboveBrokerCountWithTheFix() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> kafka.cluster().createTopic("too-replicated", 1, (short) 3));
        assertTrue(error.getMessage().contains("too-replicated"), error.getMessage());
        assertTrue(error.getMessage().contains("KafkaCluster.start(3)"), error.getMessage());
    }
}
