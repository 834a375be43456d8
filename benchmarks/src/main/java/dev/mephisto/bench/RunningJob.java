package dev.mephisto.bench;

import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.KafkaStreams;

import java.util.List;
import java.util.function.Supplier;

/** A started job: its Kafka Streams state, the records its stream threads have processed, and a close that stops it. */
interface RunningJob extends AutoCloseable {

    KafkaStreams.State state();

    /** Records the job's stream threads have processed so far: the sum of Kafka Streams' thread-level {@code process-total}. */
    long processed();

    @Override
    void close();

    /** The job that {@code streams} runs (read at each call: a worker may replace its engine), stopped by {@code close}. */
    static RunningJob of(Supplier<KafkaStreams> streams, Runnable close) {
        return new RunningJob() {
            private List<Metric> processTotals = List.of();

            @Override
            public KafkaStreams.State state() {
                return streams.get().state();
            }

            @Override
            public long processed() {
                if (processTotals.isEmpty()) { // the thread metrics exist once the threads do; found once
                    processTotals = streams.get().metrics().entrySet().stream()
                            .filter(entry -> entry.getKey().group().equals("stream-thread-metrics")
                                    && entry.getKey().name().equals("process-total"))
                            .map(entry -> (Metric) entry.getValue())
                            .toList();
                }
                double sum = 0;
                for (Metric metric : processTotals) {
                    sum += ((Number) metric.metricValue()).doubleValue();
                }
                return (long) sum;
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }
}
