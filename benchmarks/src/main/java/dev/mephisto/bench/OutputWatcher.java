package dev.mephisto.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Completion on the OUTPUT topic: polls the last stable offset (read_committed end offset) of
 * partition 0 (or the sum over its partitions) until it holds {@code records}, then until it stops moving. Under exactly-once the
 * offset counts one transaction marker per commit too, so the completion time is the first poll
 * that saw the final, settled offset (the commit of the transaction holding the last record).
 * Committed input offsets are never used: under at-least-once they lag by the 30 s commit interval.
 */
final class OutputWatcher {

    private static final long POLL_MILLIS = 5;
    private static final long SETTLE_MILLIS = 400;

    private final Admin admin;

    OutputWatcher(Admin admin) {
        this.admin = admin;
    }

    /** The System.nanoTime() at which the output was complete. */
    long awaitComplete(String topic, long records, Duration timeout) throws Exception {
        return awaitComplete(topic, 1, records, timeout);
    }

    /** The System.nanoTime() at which the output, the sum over its {@code partitions}, was complete. */
    long awaitComplete(String topic, int partitions, long records, Duration timeout) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        ListOffsetsOptions options = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastOffset = -1;
        long lastChange = 0;
        while (true) {
            long offset = 0;
            for (ListOffsetsResult.ListOffsetsResultInfo info : admin.listOffsets(request, options).all()
                    .get(10, TimeUnit.SECONDS).values()) {
                offset += info.offset();
            }
            long now = System.nanoTime();
            if (offset != lastOffset) {
                lastOffset = offset;
                lastChange = now;
            } else if (offset >= records && now - lastChange >= TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS)) {
                return lastChange;
            }
            if (now > deadline) {
                throw new IllegalStateException("output " + topic + " holds offset " + offset + " of " + records
                        + " records after " + timeout);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
