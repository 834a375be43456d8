package dev.mephisto.bench;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end latency on a sample: records produced one per millisecond (linger.ms=0) with the
 * producer's timestamp, received by a read_committed consumer of the output; latency is receipt
 * wall clock minus the record timestamp (every job keeps the input record's timestamp).
 */
final class LatencyProbe {

    private final String bootstrap;
    private final String[] keys;
    private final byte[] value;

    LatencyProbe(String bootstrap, String[] keys, int size) {
        this.bootstrap = bootstrap;
        this.keys = keys;
        this.value = new byte[size];
    }

    /** p50 and p99 in milliseconds, or null when fewer than half the sample came back in time. */
    double[] measure(String input, String output, int sample) throws InterruptedException {
        if (sample <= 0) {
            return null;
        }
        Histogram histogram = new Histogram(TimeUnit.MINUTES.toMillis(1), 3);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Load.consumerProps(bootstrap));
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Load.producerProps(bootstrap, 0))) {
            TopicPartition partition = new TopicPartition(output, 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            producer.partitionsFor(input);
            Thread sender = new Thread(() -> {
                for (int i = 0; i < sample; i++) {
                    producer.send(new ProducerRecord<>(input, 0, System.currentTimeMillis(), keys[i % keys.length], value));
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
                producer.flush();
            }, "latency-probe-sender");
            sender.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15) + TimeUnit.MILLISECONDS.toNanos(sample);
            while (histogram.getTotalCount() < sample && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                    histogram.recordValue(Math.max(0, System.currentTimeMillis() - record.timestamp()));
                }
            }
            sender.join();
        }
        if (histogram.getTotalCount() < sample / 2) {
            return null;
        }
        return new double[] {histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99)};
    }
}
