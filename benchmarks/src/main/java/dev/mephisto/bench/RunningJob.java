package dev.mephisto.bench;

import org.apache.kafka.streams.KafkaStreams;

/** A started job: its Kafka Streams state, and a close that stops it. */
interface RunningJob extends AutoCloseable {

    KafkaStreams.State state();

    @Override
    void close();
}
