package dev.mephisto.cli;

import dev.mephisto.DeadLetter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import dev.mephisto.internal.runtime.HeaderText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Print the app's dead letters: what failed, where, why, and the original record.")
final class DlqCommand implements Callable<Integer>, ClientCommand {

    private static final int TIMEOUT_SECONDS = 10;

    private final CliContext<?> ctx;

    @Option(names = "--limit", paramLabel = "N", converter = NumberOptions.Positive.class,
            description = "Print at most the last N (1 or more) of each partition. Default: all")
    Integer limit;

    @Mixin
    BrokerOptions brokerOptions = new BrokerOptions();

    DlqCommand(CliContext<?> ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String topic = ctx.app().deadLetterTopic();
        Properties props = brokerOptions.clientProperties(ctx);
        String bootstrap = props.getProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
        BrokerReach.requireListening(ctx, bootstrap);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        int printed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(TIMEOUT_SECONDS));
            if (partitions == null || partitions.isEmpty()) {
                ctx.out().println("no dead letters: topic " + topic + " does not exist yet");
                ctx.out().flush();
                return 0;
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, Duration.ofSeconds(TIMEOUT_SECONDS));
            for (TopicPartition partition : assigned) {
                long from = limit == null ? 0 : Math.max(0, end.get(partition) - limit);
                consumer.seek(partition, from);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!caughtUp(consumer, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    ctx.out().println(line(record));
                    printed++;
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw BrokerReach.noAnswer(bootstrap, "topic " + topic, TIMEOUT_SECONDS, e, "Kafka runs there");
        }
        ctx.out().println(printed + " dead letter(s) in " + topic);
        ctx.out().flush();
        return 0;
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static String line(ConsumerRecord<byte[], byte[]> record) {
        DeadLetter letter = DeadLetter.of(record.key(), record.value(), HeaderText.of(record.headers()));
        return letter.failedAt() + " " + letter.kind() + " " + letter.topic() + "/" + letter.partition() + "@"
                + letter.offset() + (letter.agent() == null ? "" : " agent=" + letter.agent())
                + (letter.requestId() == null ? "" : " request=" + letter.requestId())
                + " reason=\"" + letter.message() + "\" key=" + letter.keyText() + " value=" + letter.valueText();
    }
}
