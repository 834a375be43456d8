package dev.mephisto.internal.runtime;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Where the records of one key meet, for a dedupe (keyed by its id) or a re-key (keyed by its new
 * key) of a topic that declares its partition count: partition {@code murmur2(serialized key) %
 * partitions}, the producer's default for a record with that key. A record already on that
 * partition is handled where it is, in the same task, with no repartition hop; only a record some
 * other partitioner placed elsewhere goes through the repartition topic, which this class
 * partitions the same way, so both paths reach one task (and one store of seen ids, for a dedupe).
 */
public final class KeyRoute<I, V> implements StreamPartitioner<I, V> {

    private final String repartitionTopic;
    private final int partitions;
    private final Serializer<I> ids;

    /**
     * @param repartitionTopic the dedupe's repartition topic (what the id serializer is told)
     * @param partitions the partition count of the deduplicated topic and of the repartition topic
     */
    public KeyRoute(String repartitionTopic, int partitions, Serializer<I> ids) {
        if (partitions < 1) {
            throw new IllegalArgumentException("a dedupe routes over 1 or more partitions, got " + partitions);
        }
        this.repartitionTopic = repartitionTopic;
        this.partitions = partitions;
        this.ids = ids;
    }

    /** The partition, and so the task, where every copy of {@code id} is deduplicated. */
    public int partitionOf(I id) {
        return partitionOf(id, partitions);
    }

    private int partitionOf(I id, int count) {
        return Utils.toPositive(Utils.murmur2(ids.serialize(repartitionTopic, id))) % count;
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, I id, V value, int numPartitions) {
        return Optional.of(Set.of(partitionOf(id, numPartitions)));
    }

    /**
     * The node that passes on the records already on their id's partition ({@code local}), or those
     * that are not and must be repartitioned ({@code !local}).
     */
    public FixedKeyProcessor<I, V, V> filter(boolean local) {
        return new FixedKeyProcessor<>() {
            private FixedKeyProcessorContext<I, V> context;

            @Override
            public void init(FixedKeyProcessorContext<I, V> context) {
                this.context = context;
            }

            @Override
            public void process(FixedKeyRecord<I, V> record) {
                // a record from the source topic always has its metadata; without it, take the safe path
                int at = context.recordMetadata().map(metadata -> metadata.partition()).orElse(-1);
                if ((partitionOf(record.key()) == at) == local) {
                    context.forward(record);
                }
            }
        };
    }
}
