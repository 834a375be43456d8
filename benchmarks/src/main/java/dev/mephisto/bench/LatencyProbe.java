package dev.mephisto.bench;

import dev.mephisto.App;
import dev.mephisto.ClientOptions;
import dev.mephisto.Codec;
import dev.mephisto.ReadOptions;
import dev.mephisto.Received;
import dev.mephisto.Topic;
import dev.mephisto.TopicClient;
import dev.mephisto.TopicReader;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end latency on a sample: records produced one per millisecond (linger.ms=0) with the
 * producer's timestamp, received by a read_committed reader of the output; latency is receipt
 * wall clock minus the record timestamp (every job keeps the input record's timestamp). It speaks
 * through Mephisto's typed client, the same for every job measured.
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
        App probe = App.create("latency-probe");
        Topic<String, byte[]> in = probe.topic(input, Codec.string(), Codec.bytes());
        Topic<String, byte[]> out = input.equals(output) ? in : probe.topic(output, Codec.string(), Codec.bytes());
        Histogram histogram = new Histogram(TimeUnit.MINUTES.toMillis(1), 3);
        try (TopicClient client = TopicClient.connect(probe, ClientOptions.defaults().withBroker(bootstrap)
                .withClientId("latency-probe").withKafka("linger.ms", 0).withKafka("batch.size", 64 * 1024));
                TopicReader<String, byte[]> reader = client.read(out, ReadOptions.fromEnd().withPartitions(0))) {
            client.partitions(in);
            Thread sender = new Thread(() -> {
                for (int i = 0; i < sample; i++) {
                    client.send(in, keys[i % keys.length], value);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
                client.flush();
            }, "latency-probe-sender");
            sender.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15) + TimeUnit.MILLISECONDS.toNanos(sample);
            while (histogram.getTotalCount() < sample && System.nanoTime() < deadline) {
                for (Received<String, byte[]> record : reader.poll(Duration.ofMillis(20))) {
                    histogram.recordValue(Math.max(0, System.currentTimeMillis() - record.timestamp().toEpochMilli()));
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
