package dev.mephisto.internal.runtime;

import dev.mephisto.Source;
import dev.mephisto.Table;
import dev.mephisto.Topic;
import dev.mephisto.internal.model.AgentWiring;
import dev.mephisto.internal.model.Names;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The test driver's many-partition mode ({@code AppTestDriver.create(app, start, partitions)}): a
 * record lives on the partition Java's default partitioner gives its key (as a producer, a sink and a
 * repartition put it), and an agent that reads or writes a table under a key that lives on another
 * partition fails, naming the agent, table, keys and partitions and the fix. On a real cluster that
 * agent would read and write another partition's copy of the table: counts split, lookups miss.
 */
public final class CoPartitionCheck {

    /** The Kafka Streams property the test driver sets to the number of partitions it plays. */
    public static final String PARTITIONS_CONFIG = "mephisto.test.partitions";

    private final String agent;
    private final int partitions;
    private final Map<String, Serializer<Object>> keyByTopic = new HashMap<>();

    private CoPartitionCheck(String agent, int partitions) {
        this.agent = agent;
        this.partitions = partitions;
    }

    /** The check for an agent on a task, or {@code null} outside the many-partition mode. */
    @SuppressWarnings("unchecked")
    static CoPartitionCheck of(AgentWiring wiring, ProcessorContext<?, ?> context) {
        Object configured = context.appConfigs().get(PARTITIONS_CONFIG);
        int partitions = configured == null ? 1 : Integer.parseInt(configured.toString());
        if (partitions <= 1) {
            return null;
        }
        CoPartitionCheck check = new CoPartitionCheck(wiring.agent().name(), partitions);
        for (Source<?, ?> source : wiring.agent().sourceList()) {
            String topic = source instanceof Topic<?, ?> ? source.name()
                    : Names.repartitionTopic(context.applicationId(), source.name());
            check.keyByTopic.put(topic, (Serializer<Object>) source.keyCodec().keySerde().serializer());
        }
        return check;
    }

    /** Fails unless {@code key} of {@code table} lives on the partition of the record being handled. */
    @SuppressWarnings("unchecked")
    void check(Table<?, ?, ?> table, Object key, Record<Object, Object> current, String topic) {
        if (current == null) {
            return; // a timer runs per partition, over what that partition's tables hold
        }
        Serializer<Object> recordKey = keyByTopic.get(topic);
        if (recordKey == null) {
            return;
        }
        byte[] tableKeyBytes = ((Serializer<Object>) table.keySerde().serializer()).serialize(table.name(), key);
        int tablePartition = partitionOf(tableKeyBytes);
        if (current.key() == null) {
            throw new IllegalStateException("agent '" + agent + "' used table '" + table.name() + "' with key '" + key
                    + "' while handling a record of topic '" + topic + "' without a key, which can be on any of the "
                    + partitions + " partitions, so each partition would keep its own copy of that row: re-key the"
                    + " source by the table's key with topic.rekey(...)");
        }
        int recordPartition = partitionOf(recordKey.serialize(topic, current.key()));
        if (recordPartition != tablePartition) {
            throw new IllegalStateException("agent '" + agent + "' used table '" + table.name() + "' with key '" + key
                    + "' (partition " + tablePartition + " of " + partitions + ") while handling the record with key '"
                    + current.key() + "' of topic '" + topic + "' (partition " + recordPartition + "): on a cluster it"
                    + " would use another partition's copy of the table; re-key the source by the table's key with"
                    + " topic.rekey(...)");
        }
    }

    private int partitionOf(byte[] keyBytes) {
        return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
    }
}
