package dev.mephisto.bench;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/** The hand-written twins: plain Kafka Streams DSL / Processor API, no Mephisto. */
final class HandWrittenJobs {

    static final String COUNT_STORE = "counts";

    private HandWrittenJobs() {
    }

    static RunningJob start(Job job, String bootstrap, String applicationId, String input, String output,
            Path stateDir) {
        return run(topology(job.shape(), input, output), applicationId, bootstrap, job.guarantee().kafkaValue(),
                stateDir);
    }

    /** Runs a hand-written topology with the settings every twin shares: one stream thread, the broker's replication. */
    static RunningJob run(Topology topology, String applicationId, String bootstrap, String guarantee, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());

        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.start();
        return RunningJob.of(() -> streams, () -> streams.close(Duration.ofSeconds(30)));
    }

    /** The hand-written topology of a job shape. */
    static Topology topology(Job.Shape shape, String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, byte[]> in = builder.stream(input, Consumed.with(Serdes.String(), Serdes.ByteArray()));
        switch (shape) {
            case PASSTHROUGH -> in.to(output, Produced.with(Serdes.String(), Serdes.ByteArray()));
            case CHAIN3 -> in.filter((k, v) -> v.length != 0)
                    .mapValues((k, v) -> v)
                    .mapValues(v -> v)
                    .to(output, Produced.with(Serdes.String(), Serdes.ByteArray()));
            case COUNT -> {
                // the Mephisto table's store: persistent, change-logged, no cache
                builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COUNT_STORE),
                        Serdes.String(), Serdes.Long()));
                in.process(CountProcessor::new, COUNT_STORE)
                        .to(output, Produced.with(Serdes.String(), Serdes.Long()));
            }
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        }
        return builder.build();
    }

    /** Count per key, emitting the new count for every record. */
    static final class CountProcessor implements Processor<String, byte[], String, Long> {
        private ProcessorContext<String, Long> context;
        private KeyValueStore<String, Long> store;

        @Override
        public void init(ProcessorContext<String, Long> context) {
            this.context = context;
            this.store = context.getStateStore(COUNT_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            Long previous = store.get(record.key());
            long count = previous == null ? 1 : previous + 1;
            store.put(record.key(), count);
            context.forward(record.withValue(count));
        }
    }
}
