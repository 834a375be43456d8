package dev.mephisto.internal.compile;

import dev.mephisto.internal.model.Names;
import dev.mephisto.Topic;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * A topic read whole into a global store on every worker, through a processor rather than the DSL's
 * {@code globalTable}: Kafka Streams then decodes each record on restore too (the DSL copies raw
 * bytes), so a record that does not decode is dead-lettered and skipped both live and on restore,
 * and never sits in the store to fail every later read.
 */
public final class GlobalStore {

    private GlobalStore() {
    }

    /** The source node is {@code global-<topic>-source}, the updating processor {@code global-<topic>}. */
    public static <K, V> void add(StreamsBuilder builder, Topic<K, V> topic, String storeName) {
        builder.addGlobalStore(Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(storeName),
                        topic.keySerde(), topic.valueSerde()).withLoggingDisabled(),
                topic.name(), topic.consumed().withName(Names.globalSource(topic.name())), () -> new Updater<K, V>(storeName));
    }

    /** Puts each record in the store, deletes on a tombstone, skips a record without key (as the DSL does). */
    private static final class Updater<K, V> implements Processor<K, V, Void, Void> {

        private final String storeName;
        private TimestampedKeyValueStore<K, V> store;

        Updater(String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(storeName);
        }

        @Override
        public void process(Record<K, V> record) {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
            }
        }
    }
}
