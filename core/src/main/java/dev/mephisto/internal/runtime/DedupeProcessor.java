package dev.mephisto.internal.runtime;

import dev.mephisto.DedupedSource;
import dev.mephisto.internal.model.Names;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node of a dedupe, after its repartition by id: the first record of an id passes and its id is
 * kept in {@code <name>-seen} with its event time (and the text of its content when conflicts are
 * checked); a copy within the retention is dropped, or dead-lettered when its content differs. Ids
 * older than the retention in stream time are purged a slice at a time: every second of stream time
 * a sweep looks at the next ids in key order, twice as many as records arrived since the last sweep
 * (at least {@link #MIN_SWEEP}), and carries on from there the next time. So a purge never holds the
 * stream thread for long whatever the store holds (a day of ids at 1,000/s is 86 million), and it
 * still goes round the store faster than ids come in. Once a whole round has been made, the dedupe
 * knows how old its oldest id can be, and does not sweep until stream time has gone a retention past
 * that: a store with nothing to forget costs no sweep.
 */
public final class DedupeProcessor<I, V> implements FixedKeyProcessor<I, V, V> {

    private static final Logger log = LoggerFactory.getLogger(DedupeProcessor.class);

    /** Ids a sweep looks at, at least. */
    static final int MIN_SWEEP = 1_000;
    /** Stream time between sweeps. */
    static final Duration SWEEP_EVERY = Duration.ofSeconds(1);

    private final String name;
    private final long retentionMs;
    private final Function<V, ?> content;
    private FixedKeyProcessorContext<I, V> context;
    private KeyValueStore<I, byte[]> seen;
    /** Where the next sweep starts; {@code null}: at the first id. */
    private I sweepFrom;
    private long arrivedSinceSweep;
    /**
     * No id in the store was first seen before this: known after the first whole round of sweeps
     * ({@link Long#MIN_VALUE} until then), lowered by every id kept since.
     */
    private long oldestSeen = Long.MIN_VALUE;
    /** The oldest time among the ids the round under way kept, and among those stored since it began. */
    private long roundOldest = Long.MAX_VALUE;

    public DedupeProcessor(DedupedSource<?, V, I> source) {
        this.name = source.name();
        this.retentionMs = source.dedupe().retention().toMillis();
        this.content = source.dedupe().content();
    }

    @Override
    public void init(FixedKeyProcessorContext<I, V> context) {
        this.context = context;
        this.seen = context.getStateStore(Names.dedupeStore(name));
        // a task revived after a failure keeps its processors: what the store held before is unknown again
        sweepFrom = null;
        arrivedSinceSweep = 0;
        oldestSeen = Long.MIN_VALUE;
        roundOldest = Long.MAX_VALUE;
        context.schedule(SWEEP_EVERY, PunctuationType.STREAM_TIME, this::sweep);
    }

    @Override
    public void process(FixedKeyRecord<I, V> record) {
        arrivedSinceSweep++;
        long time = record.timestamp();
        byte[] text = content == null ? new byte[0]
                : String.valueOf(content.apply(record.value())).getBytes(StandardCharsets.UTF_8);
        byte[] first = seen.get(record.key());
        if (first != null) {
            ByteBuffer kept = ByteBuffer.wrap(first);
            long firstAt = kept.getLong();
            if (Math.abs(time - firstAt) <= retentionMs) {
                byte[] firstText = Arrays.copyOfRange(first, Long.BYTES, first.length);
                if (content != null && !Arrays.equals(firstText, text)) {
                    throw new Rejection(Names.dedupe(name), "conflicting copy: id '" + record.key() + "' was first seen"
                            + " at " + Instant.ofEpochMilli(firstAt) + " as '" + new String(firstText, StandardCharsets.UTF_8)
                            + "', this record says '" + new String(text, StandardCharsets.UTF_8) + "' (dedupe '" + name
                            + "'); one id must mean one record");
                }
                log.debug("copy dropped dedupe={} id={} firstSeenAt={}", name, record.key(), Instant.ofEpochMilli(firstAt));
                return;
            }
        }
        seen.put(record.key(), ByteBuffer.allocate(Long.BYTES + text.length).putLong(time).put(text).array());
        oldestSeen = Math.min(oldestSeen, time);
        roundOldest = Math.min(roundOldest, time);
        context.forward(record);
    }

    /**
     * Looks at the next slice of ids from where the last sweep stopped and forgets those first seen
     * more than the retention before stream time {@code now}; after the last id it starts again at
     * the first.
     */
    private void sweep(long now) {
        long budget = Math.max(MIN_SWEEP, 2 * arrivedSinceSweep);
        arrivedSinceSweep = 0;
        long forgetBefore = now - retentionMs;
        if (sweepFrom == null && oldestSeen >= forgetBefore) {
            return; // a round would find nothing old enough
        }
        if (sweepFrom == null) {
            roundOldest = Long.MAX_VALUE;
        }
        List<I> old = new ArrayList<>();
        try (KeyValueIterator<I, byte[]> ids = sweepFrom == null ? seen.all() : seen.range(sweepFrom, null)) {
            for (long looked = 0; looked < budget && ids.hasNext(); looked++) {
                KeyValue<I, byte[]> entry = ids.next();
                long firstSeen = ByteBuffer.wrap(entry.value).getLong();
                if (firstSeen < forgetBefore) {
                    old.add(entry.key);
                } else {
                    roundOldest = Math.min(roundOldest, firstSeen);
                }
            }
            sweepFrom = ids.hasNext() ? ids.peekNextKey() : null;
        }
        if (sweepFrom == null) {
            oldestSeen = roundOldest; // the round is whole: every id left was kept by it or stored since
        }
        // a tombstone without reading the old value back, as delete() would
        old.forEach(id -> seen.put(id, null));
    }
}
