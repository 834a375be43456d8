package dev.mephisto.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KafkaClusterThreeBrokersIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(3);

    @Test
    void shouldReplicateToThreeBrokersWithAcksAll() throws Exception {
        assertEquals(3, kafka.cluster().brokerCount());
        assertEquals(3, kafka.bootstrapServers().split(",").length);
        kafka.cluster().createTopic("orders", 3, (short) 3);
        try (KafkaProducer<String, String> producer = TestClients.producer(kafka.bootstrapServers(),
                Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            RecordMetadata written = producer.send(new ProducerRecord<>("orders", "o-1", "created"))
                    .get(20, TimeUnit.SECONDS);
            assertEquals("orders", written.topic());
        }
        assertEquals(List.of("created"), TestClients.consume(kafka.bootstrapServers(), "orders", 1, Map.of()));
    }

    @Test
    void shouldCommitTransactions() {
        kafka.cluster().createTopic("payments", 3, (short) 3);
        try (KafkaProducer<String, String> producer = TestClients.producer(kafka.bootstrapServers(),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "payments-tx",
                        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("payments", "p-1", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("payments", "p-1", "paid"));
            producer.commitTransaction();
        }
        assertEquals(List.of("paid"), TestClients.consume(kafka.bootstrapServers(), "payments", 1,
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")));
    }
}
