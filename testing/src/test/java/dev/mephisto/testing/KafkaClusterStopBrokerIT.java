package dev.mephisto.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One broker of three stopped and started again mid-test, with acks=all writes carrying on in between. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaClusterStopBrokerIT {

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(3);

    @Test
    void shouldKeepAcceptingAcksAllWritesWhileOneOfThreeBrokersIsStoppedAndResyncItWhenStarted() throws Exception {
        KafkaCluster cluster = kafka.cluster();
        assertEquals(List.of(0, 1, 2), cluster.brokerIds());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            cluster.createTopic("ledger", 3, (short) 3, Map.of("min.insync.replicas", "2"));
            int stopped = partitions(admin, "ledger").get(0).leader().id();

            cluster.stopBroker(stopped);

            IllegalStateException twice = assertThrows(IllegalStateException.class, () -> cluster.stopBroker(stopped));
            assertTrue(twice.getMessage().contains("startBroker(" + stopped + ")"), twice.getMessage());
            for (TopicPartitionInfo partition : partitions(admin, "ledger")) {
                assertTrue(partition.leader() != null && partition.leader().id() != stopped,
                        "leadership must have moved off stopped broker " + stopped + ": " + partition);
                assertFalse(partition.isr().stream().anyMatch(node -> node.id() == stopped),
                        "stopped broker " + stopped + " must have left the in-sync replicas: " + partition);
            }
            assertEquals(40, send(40, "during-outage"), "acks=all writes while broker " + stopped + " is down");

            cluster.startBroker(stopped);

            IllegalStateException running = assertThrows(IllegalStateException.class,
                    () -> cluster.startBroker(stopped));
            assertTrue(running.getMessage().contains("running already"), running.getMessage());
            for (TopicPartitionInfo partition : partitions(admin, "ledger")) {
                assertEquals(3, partition.isr().size(), "broker " + stopped + " back in sync: " + partition);
            }
            assertEquals(40, send(40, "after-restart"));
            assertEquals(80, TestClients.consume(kafka.bootstrapServers(), "ledger", 80, Map.of()).size());
        }
    }

    @Test
    void shouldNameTheBrokersWhenAskedToStopOneItDoesNotHave() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> kafka.cluster().stopBroker(7));
        assertEquals("this cluster has no broker 7; its brokers are [0, 1, 2] (see brokerIds())", error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> kafka.cluster().startBroker(-1));
    }

    private int send(int count, String prefix) throws Exception {
        try (KafkaProducer<String, String> producer = TestClients.producer(kafka.bootstrapServers(),
                Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true))) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(producer.send(new ProducerRecord<>("ledger", prefix + "-" + i, "entry")));
            }
            for (Future<RecordMetadata> one : sent) {
                one.get(30, TimeUnit.SECONDS);
            }
            return sent.size();
        }
    }

    private static List<TopicPartitionInfo> partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions();
    }
}
