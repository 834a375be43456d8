package dev.mephisto.internal.runtime;

import dev.mephisto.internal.codec.CodecSerde;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;

/**
 * The values of records one side of a join holds in its store, by the bytes stored, for the records
 * stored as the very bytes their value was decoded from ({@link CodecSerde#wasDecodedFrom}): a match or
 * an unmatched report then hands on that value instead of decoding the stored bytes again.
 *
 * <p>Keyed by the bytes' content, so an entry is right whatever became of the store since (the same
 * bytes decode to the same value of a type that cannot change): one missing only costs a decode. One
 * per side and task, used by its stream thread only; bounded, and emptied when the task starts.
 */
final class WaitingValues {

    /** Entries per side and task; a side holding more decodes the rest as before. */
    static final int MAX = 4_096;

    private final CodecSerde<Object> serde;
    private final String topic;
    private final Map<Bytes, Object> values = new HashMap<>();

    /** @param topic the side's source, for decode errors */
    WaitingValues(CodecSerde<Object> serde, String topic) {
        this.serde = serde;
        this.topic = topic;
    }

    /** Keeps {@code value} for {@code stored} when those are the bytes it was decoded from. */
    void stored(Object value, byte[] stored) {
        if (values.size() < MAX && serde.wasDecodedFrom(value, stored)) {
            values.put(Bytes.wrap(stored), value);
        }
    }

    /** The value stored as {@code stored}, still held. */
    Object read(byte[] stored) {
        Object value = values.get(Bytes.wrap(stored));
        return value != null ? value : serde.deserialize(topic, stored);
    }

    /** The value stored as {@code stored}, which leaves the store. */
    Object leave(byte[] stored) {
        Object value = values.remove(Bytes.wrap(stored));
        return value != null ? value : serde.deserialize(topic, stored);
    }

    /** Forgets the value stored as {@code stored}, which left the store without being read. */
    void forget(byte[] stored) {
        if (!values.isEmpty()) {
            values.remove(Bytes.wrap(stored));
        }
    }

    void clear() {
        values.clear();
    }

    int size() {
        return values.size();
    }
}
