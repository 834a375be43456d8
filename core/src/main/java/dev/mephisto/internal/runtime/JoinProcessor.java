package dev.mephisto.internal.runtime;

import dev.mephisto.internal.model.AgentWiring;
import dev.mephisto.internal.model.JoinSpec;
import dev.mephisto.internal.model.Names;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one stream–stream join for one task, on event time. Each side's waiting records live in a
 * key-value store per side ({@code <join>-left}, {@code <join>-right}: per key, the list of records
 * with their event time and whether they matched); an index in memory orders them by the time their
 * window and grace close, rebuilt from the two stores when the task starts, so it writes nothing to a
 * changelog. Stream time is the join's own: the largest event time it has seen, so other topics in
 * the task do not move it; after a restart the index gives it back.
 *
 * <p>A record: late (its window and grace closed: stream time past its event time plus window plus
 * grace) goes to the dead-letter topic as {@code late}; identical to one held (same key, event time and value bytes) is a redelivery and is
 * dropped; otherwise it matches every record of the other side within the window, once each, and
 * waits. Then every record whose window and grace stream time has passed leaves the stores; those
 * that never matched go to the side's unmatched function. A record that arrives after its partner
 * left the stores finds nothing to match: both are reported unmatched, never one matched and one not.
 *
 * <p>One to one ({@link JoinSpec#isOneToOne()}), a record first looks for the earliest waiting record of
 * the other side within the window: found, the two are matched and that one leaves its store, and the
 * new one is never stored; only a record that found none waits. A matched pair so writes one record to
 * a changelog and one tombstone, and never reaches the unmatched functions.
 */
public final class JoinProcessor implements Processor<Object, Object, Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(JoinProcessor.class);
    private static final byte LEFT = 0;
    private static final byte RIGHT = 1;

    private final AgentWiring wiring;
    private final JoinSpec<Object, Object, Object> join;
    private final String name;
    private final Map<String, Boolean> leftByTopic;
    private final Serde<Object> keySerde;
    private final Serde<Object> leftSerde;
    private final Serde<Object> rightSerde;
    private final long withinMs;
    private final long graceMs;
    private final AgentMetrics metrics;
    private ProcessorContext<Object, Object> task;
    private AgentTaskContext context;
    /** Timing, in flight, request id and log context around each record, as an agent task keeps them. */
    private RecordBookkeeping bookkeeping;
    private KeyValueStore<Bytes, byte[]> leftStore;
    private KeyValueStore<Bytes, byte[]> rightStore;
    /** (closes at, side, key) of every waiting key and side, in the order their windows close. */
    private final TreeSet<Bytes> expiry = new TreeSet<>();
    private long streamTime = -1;

    /** One record waiting in a side's store. */
    private record Waiting(long time, boolean matched, byte[] value) {
    }

    /**
     * @param leftByTopic for each topic the join reads (a repartition topic for a re-keyed source),
     *     whether it is the left side
     */
    @SuppressWarnings("unchecked")
    public JoinProcessor(AgentWiring wiring, Map<String, Boolean> leftByTopic, AgentMetrics metrics) {
        this.wiring = wiring;
        this.join = (JoinSpec<Object, Object, Object>) wiring.agent().join();
        this.name = join.name();
        this.leftByTopic = Map.copyOf(leftByTopic);
        this.keySerde = (Serde<Object>) join.left().keyCodec().keySerde();
        this.leftSerde = (Serde<Object>) join.left().valueCodec().valueSerde();
        this.rightSerde = (Serde<Object>) join.right().valueCodec().valueSerde();
        this.withinMs = join.window().within().toMillis();
        this.graceMs = join.window().grace().toMillis();
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> task) {
        this.task = task;
        this.bookkeeping = new RecordBookkeeping(name, wiring, task, metrics);
        this.context = bookkeeping.context();
        context.openTables(wiring, table -> () -> Long.MIN_VALUE);
        this.leftStore = task.getStateStore(Names.joinSideStore(name, true));
        this.rightStore = task.getStateStore(Names.joinSideStore(name, false));
        expiry.clear();
        index(leftStore, LEFT);
        index(rightStore, RIGHT);
        streamTime = restoredStreamTime();
    }

    @Override
    public void process(Record<Object, Object> record) {
        long started = bookkeeping.enter(record);
        try {
            try {
                // late, or without a key or value: handled and failed, as an agent's rejected record is counted
                handle(record);
            } catch (Exception e) {
                throw metrics.failure(name, e);
            } finally {
                bookkeeping.leaveRecord();
            }
            streamTime = Math.max(streamTime, record.timestamp());
            expireUpTo(streamTime);
        } finally {
            bookkeeping.done(started);
        }
    }

    /** The record arrives on its side: refused when late or incomplete, else matched and kept waiting. */
    private void handle(Record<Object, Object> record) throws Exception {
        String topic = task.recordMetadata().map(metadata -> metadata.topic()).orElse(null);
        Boolean left = leftByTopic.get(topic);
        if (left == null) {
            throw new IllegalStateException("join '" + name + "' got a record from topic '" + topic + "', which is"
                    + " neither of its sides " + leftByTopic.keySet());
        }
        long time = record.timestamp();
        if (streamTime >= 0 && time + withinMs + graceMs < streamTime) {
            throw new LateRecord("join '" + name + "' " + (left ? "left" : "right") + " side", time, time - withinMs,
                    time + withinMs, streamTime, graceMs);
        }
        if (record.key() == null || record.value() == null) {
            throw new Rejection(name, "join '" + name + "' needs a key and a value to join, got key " + record.key()
                    + (record.value() == null ? " and no value" : ""));
        }
        if (join.isOneToOne()) {
            arriveOneToOne(record, left, time);
        } else {
            arrive(record, left, time);
        }
    }

    @Override
    public void close() {
        if (bookkeeping != null) {
            bookkeeping.close();
        }
    }

    /**
     * One to one: the record pairs with the earliest waiting record of the other side within the window,
     * which then leaves the store; only a record that found none waits (a redelivery of one waiting is dropped).
     */
    private void arriveOneToOne(Record<Object, Object> record, boolean left, long time) throws Exception {
        Bytes key = Bytes.wrap(keySerde.serializer().serialize(topicOf(left), record.key()));
        KeyValueStore<Bytes, byte[]> other = left ? rightStore : leftStore;
        List<Waiting> theirs = decode(other.get(key));
        for (int i = 0; i < theirs.size(); i++) {
            if (Math.abs(theirs.get(i).time() - time) <= withinMs) {
                Waiting partner = theirs.get(i);
                match(record, left, partner);
                theirs.remove(i);
                // the pair is done: its index entry goes too (unless another record of the key waits with the
                // same time, sharing it), so the index holds only what waits and closing it reads no store
                if (theirs.stream().noneMatch(held -> held.time() == partner.time())) {
                    expiry.remove(indexKey(partner.time() + withinMs + graceMs, left ? RIGHT : LEFT, key));
                }
                if (theirs.isEmpty()) {
                    // put null, not delete: the same tombstone, without reading the old value back first
                    other.put(key, null);
                } else {
                    other.put(key, encode(theirs));
                }
                return;
            }
        }
        byte[] value = (left ? leftSerde : rightSerde).serializer().serialize(topicOf(left), record.value());
        List<Waiting> mine = decode(own(left).get(key));
        if (!isRedelivery(mine, left, time, value)) {
            keepWaiting(mine, left, key, new Waiting(time, false, value));
        }
    }

    private void arrive(Record<Object, Object> record, boolean left, long time) throws Exception {
        Bytes key = Bytes.wrap(keySerde.serializer().serialize(topicOf(left), record.key()));
        byte[] value = (left ? leftSerde : rightSerde).serializer().serialize(topicOf(left), record.value());
        KeyValueStore<Bytes, byte[]> other = left ? rightStore : leftStore;
        List<Waiting> mine = decode(own(left).get(key));
        if (isRedelivery(mine, left, time, value)) {
            return;
        }
        List<Waiting> theirs = decode(other.get(key));
        boolean matched = false;
        boolean changed = false;
        for (int i = 0; i < theirs.size(); i++) {
            Waiting candidate = theirs.get(i);
            if (Math.abs(candidate.time() - time) > withinMs) {
                continue;
            }
            match(record, left, candidate);
            matched = true;
            if (!candidate.matched()) {
                theirs.set(i, new Waiting(candidate.time(), true, candidate.value()));
                changed = true;
            }
        }
        if (changed) {
            other.put(key, encode(theirs));
        }
        keepWaiting(mine, left, key, new Waiting(time, matched, value));
    }

    private KeyValueStore<Bytes, byte[]> own(boolean left) {
        return left ? leftStore : rightStore;
    }

    /** Calls the match function with the arriving record and a waiting one of the other side. */
    private void match(Record<Object, Object> record, boolean left, Waiting partner) throws Exception {
        Object otherValue = (left ? rightSerde : leftSerde).deserializer().deserialize(topicOf(!left), partner.value());
        if (left) {
            join.onMatch().match(record.key(), record.value(), otherValue, context);
        } else {
            join.onMatch().match(record.key(), otherValue, record.value(), context);
        }
    }

    /** Whether the arriving record is identical to one waiting on its side (same event time and bytes). */
    private boolean isRedelivery(List<Waiting> mine, boolean left, long time, byte[] value) {
        for (Waiting held : mine) {
            if (held.time() == time && Arrays.equals(held.value(), value)) {
                log.debug("join redelivery dropped join={} side={} eventTime={}", name, left ? "left" : "right",
                        Instant.ofEpochMilli(time));
                return true;
            }
        }
        return false;
    }

    /** Stores {@code arrived} with the records waiting on its side, and indexes when its window closes. */
    private void keepWaiting(List<Waiting> mine, boolean left, Bytes key, Waiting arrived) {
        mine.add(arrived);
        own(left).put(key, encode(mine));
        expiry.add(indexKey(arrived.time() + withinMs + graceMs, left ? LEFT : RIGHT, key));
    }

    /** Adds every record waiting in {@code store} to the index, when the task (re)starts. */
    private void index(KeyValueStore<Bytes, byte[]> store, byte side) {
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, byte[]> entry = all.next();
                for (Waiting held : decode(entry.value)) {
                    expiry.add(indexKey(held.time() + withinMs + graceMs, side, entry.key));
                }
            }
        }
    }

    /**
     * The stream time the stores imply, after a restart: the record with the largest event time seen is
     * always still waiting (its window and grace close after stream time), so stream time is the last
     * index key's closing time less the window and the grace; -1 when nothing waits.
     */
    private long restoredStreamTime() {
        return expiry.isEmpty() ? -1 : ByteBuffer.wrap(expiry.last().get()).getLong() - withinMs - graceMs;
    }

    /** Removes every record whose window and grace closed before {@code now}; the unmatched ones are reported. */
    private void expireUpTo(long now) {
        SortedSet<Bytes> closed = expiry.headSet(indexKey(now, LEFT, Bytes.wrap(new byte[0])));
        if (closed.isEmpty()) {
            return;
        }
        List<Bytes> due = new ArrayList<>(closed);
        closed.clear();
        for (Bytes index : due) {
            byte[] raw = index.get();
            boolean left = raw[Long.BYTES] == LEFT;
            Bytes key = Bytes.wrap(Arrays.copyOfRange(raw, Long.BYTES + 1, raw.length));
            expire(key, left, now);
        }
    }

    private void expire(Bytes key, boolean left, long now) {
        KeyValueStore<Bytes, byte[]> own = left ? leftStore : rightStore;
        List<Waiting> waiting = decode(own.get(key));
        List<Waiting> kept = new ArrayList<>();
        List<Waiting> unmatched = new ArrayList<>();
        for (Waiting held : waiting) {
            if (held.time() + withinMs + graceMs >= now) {
                kept.add(held);
            } else if (!held.matched()) {
                unmatched.add(held);
            }
        }
        if (kept.size() == waiting.size()) {
            return;
        }
        if (kept.isEmpty()) {
            own.delete(key);
        } else {
            own.put(key, encode(kept));
        }
        dev.mephisto.UnmatchedFunction<Object, Object> function = left ? join.unmatchedLeft() : join.unmatchedRight();
        if (function == null) {
            return;
        }
        Object keyValue = keySerde.deserializer().deserialize(topicOf(left), key.get());
        for (Waiting held : unmatched) {
            Object value = (left ? leftSerde : rightSerde).deserializer().deserialize(topicOf(left), held.value());
            context.enterTimer(now);
            try {
                function.unmatched(keyValue, value, context);
            } catch (Exception e) {
                // the record being handled is not the one at fault: count and log, and carry on
                metrics.failure(name, e);
                log.error("join unmatched function failed join={} side={} key={} eventTime={}", name,
                        left ? "left" : "right", keyValue, Instant.ofEpochMilli(held.time()), e);
            } finally {
                context.leaveTimer();
            }
        }
    }

    private String topicOf(boolean left) {
        return (left ? join.left() : join.right()).name();
    }

    private static Bytes indexKey(long closesAt, byte side, Bytes key) {
        byte[] raw = key.get();
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + 1 + raw.length).putLong(closesAt).put(side).put(raw).array());
    }

    private static List<Waiting> decode(byte[] raw) {
        List<Waiting> waiting = new ArrayList<>();
        if (raw == null) {
            return waiting;
        }
        ByteBuffer buffer = ByteBuffer.wrap(raw);
        int count = buffer.getInt();
        for (int i = 0; i < count; i++) {
            long time = buffer.getLong();
            boolean matched = buffer.get() != 0;
            byte[] value = new byte[buffer.getInt()];
            buffer.get(value);
            waiting.add(new Waiting(time, matched, value));
        }
        return waiting;
    }

    private static byte[] encode(List<Waiting> waiting) {
        int size = Integer.BYTES;
        for (Waiting held : waiting) {
            size += Long.BYTES + 1 + Integer.BYTES + held.value().length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).putInt(waiting.size());
        for (Waiting held : waiting) {
            buffer.putLong(held.time()).put((byte) (held.matched() ? 1 : 0)).putInt(held.value().length)
                    .put(held.value());
        }
        return buffer.array();
    }

    @Override
    public String toString() {
        return "JoinProcessor(" + name + ")";
    }
}
