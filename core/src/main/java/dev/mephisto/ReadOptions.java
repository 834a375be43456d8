package dev.mephisto;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a {@link TopicReader} starts and what it reads: from the beginning, from the end (only what
 * comes next), the last records of each partition, or in a consumer group from its committed
 * offsets. Immutable; each {@code withX} returns a copy. By default a reader reads every partition
 * and only committed records ({@code read_committed}), so under exactly-once it never shows a
 * record of an aborted transaction.
 *
 * <pre>{@code
 * client.read(orders, ReadOptions.fromBeginning());
 * client.read(orders, ReadOptions.fromEnd().withPartitions(client.partitionOf(orders, "o-1")));
 * client.read(client.deadLetterTopic(), ReadOptions.lastOf(10));
 * client.read(orders, ReadOptions.inGroup("order-mailer"));   // commit() what you handled
 * }</pre>
 */
public final class ReadOptions {

    /** Where reading starts. */
    public enum Start {
        /** The oldest record each partition still has. */
        BEGINNING,
        /** The end of each partition when the reader opens: only records written after. */
        END,
        /** The last {@link #last()} records of each partition. */
        LAST,
        /** The group's committed offsets; the beginning of a partition the group never committed. */
        COMMITTED
    }

    private final Start start;
    private final long last;
    private final String group;
    private final Set<Integer> partitions;
    private final boolean readCommitted;

    private ReadOptions(Start start, long last, String group, Set<Integer> partitions, boolean readCommitted) {
        this.start = start;
        this.last = last;
        this.group = group;
        this.partitions = partitions;
        this.readCommitted = readCommitted;
    }

    /** Every record each partition still has, oldest first: {@code ReadOptions.fromBeginning()}. */
    public static ReadOptions fromBeginning() {
        return new ReadOptions(Start.BEGINNING, 0, null, Set.of(), true);
    }

    /** Only the records written after the reader opens: {@code ReadOptions.fromEnd()}. */
    public static ReadOptions fromEnd() {
        return new ReadOptions(Start.END, 0, null, Set.of(), true);
    }

    /**
     * The last {@code records} of each partition (fewer where a partition holds fewer), then what
     * comes after: {@code ReadOptions.lastOf(10)}.
     */
    public static ReadOptions lastOf(long records) {
        if (records < 1) {
            throw new IllegalArgumentException("lastOf needs 1 or more records per partition, got " + records);
        }
        return new ReadOptions(Start.LAST, records, null, Set.of(), true);
    }

    /**
     * Reads as a member of consumer group {@code group}: the group's members share the partitions, and
     * each starts from the group's committed offsets (the beginning where none is committed). Nothing
     * is committed until {@link TopicReader#commit()}.
     *
     * <pre>{@code
     * try (TopicReader<String, Order> reader = client.read(orders, ReadOptions.inGroup("order-mailer"))) {
     *     while (running) {
     *         reader.poll(Duration.ofSeconds(1)).forEach(this::mail);
     *         reader.commit();
     *     }
     * }
     * }</pre>
     */
    public static ReadOptions inGroup(String group) {
        Objects.requireNonNull(group, "group can't be null");
        if (group.isBlank()) {
            throw new IllegalArgumentException("the consumer group name is blank: name the group, such as"
                    + " ReadOptions.inGroup(\"order-mailer\")");
        }
        return new ReadOptions(Start.COMMITTED, 0, group, Set.of(), true);
    }

    /**
     * A copy that reads only these partitions (a group reader reads what the group assigns it, so not
     * with {@link #inGroup}).
     *
     * <pre>{@code
     * ReadOptions.fromEnd().withPartitions(client.partitionOf(deliveries, "alex"));
     * }</pre>
     */
    public ReadOptions withPartitions(int... partitions) {
        Objects.requireNonNull(partitions, "partitions can't be null");
        if (group != null) {
            throw new IllegalArgumentException("a reader in group '" + group + "' reads the partitions the group"
                    + " assigns it; choose withPartitions(...) or inGroup(...), not both");
        }
        if (partitions.length == 0) {
            throw new IllegalArgumentException("withPartitions needs at least one partition");
        }
        Set<Integer> chosen = new TreeSet<>();
        for (int partition : partitions) {
            if (partition < 0) {
                throw new IllegalArgumentException("partition numbers start at 0, got " + Arrays.toString(partitions));
            }
            chosen.add(partition);
        }
        return new ReadOptions(start, last, group, Set.copyOf(chosen), readCommitted);
    }

    /**
     * A copy that reads committed records only ({@code true}, the default) or also those of open and
     * aborted transactions ({@code false}: lower latency under exactly-once, for a live view that may
     * show a record that is later rolled back).
     *
     * <pre>{@code
     * ReadOptions.fromEnd().withReadCommitted(false);
     * }</pre>
     */
    public ReadOptions withReadCommitted(boolean readCommitted) {
        return new ReadOptions(start, last, group, partitions, readCommitted);
    }

    /** Where reading starts. */
    public Start start() {
        return start;
    }

    /** With {@link Start#LAST}, how many records of each partition; else 0. */
    public long last() {
        return last;
    }

    /** The consumer group, with {@link Start#COMMITTED}. */
    public Optional<String> group() {
        return Optional.ofNullable(group);
    }

    /** The partitions chosen with {@link #withPartitions}; empty means all. */
    public Set<Integer> partitions() {
        return partitions;
    }

    /** Whether only committed records are read. */
    public boolean readCommitted() {
        return readCommitted;
    }

    @Override
    public String toString() {
        return "ReadOptions(" + start + (start == Start.LAST ? " " + last : "") + (group == null ? "" : " group=" + group)
                + (partitions.isEmpty() ? "" : " partitions=" + partitions) + (readCommitted ? "" : " uncommitted") + ")";
    }
}
