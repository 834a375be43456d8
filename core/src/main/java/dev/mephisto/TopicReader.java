package dev.mephisto;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Reads one declared topic outside an agent, decoding with the topic's codecs; made by
 * {@link TopicClient#read(Topic, ReadOptions)}. Use it from one thread ({@link #wakeup()} excepted),
 * and close it when done.
 *
 * <pre>{@code
 * try (TopicReader<String, Order> reader = client.read(orders, ReadOptions.fromBeginning())) {
 *     while (!reader.caughtUp()) {
 *         for (Received<String, Order> r : reader.poll(Duration.ofMillis(500))) {
 *             System.out.println(r.key() + " " + r.value());
 *         }
 *     }
 * }
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface TopicReader<K, V> extends AutoCloseable {

    /**
     * The records that arrived within {@code timeout}, in partition order; empty when none did, or
     * when {@link #wakeup()} cut the wait short. A record that does not decode is in the list with
     * its {@link Received#failure()}, never thrown.
     *
     * <pre>{@code
     * List<Received<String, Order>> batch = reader.poll(Duration.ofSeconds(1));
     * }</pre>
     */
    List<Received<K, V>> poll(Duration timeout);

    /**
     * The partitions it reads: all of the topic's, or those chosen; in a group, those the group
     * assigns it now. Empty when the topic does not exist (a reader never creates a topic).
     *
     * <pre>{@code
     * if (reader.partitions().isEmpty()) System.out.println("no such topic yet");
     * }</pre>
     */
    Set<Integer> partitions();

    /**
     * Whether it has read up to the end each partition had when the reader opened (in a group: the
     * end each assigned partition has now; false while none is assigned). A reader from the end has
     * caught up at once.
     *
     * <pre>{@code
     * while (!reader.caughtUp() && System.nanoTime() < deadline) reader.poll(Duration.ofMillis(200)).forEach(show);
     * }</pre>
     */
    boolean caughtUp();

    /**
     * Commits the offsets after the records returned so far, for a reader
     * {@link ReadOptions#inGroup in a group}: the group's next reader starts after them.
     *
     * <pre>{@code
     * reader.poll(Duration.ofSeconds(1)).forEach(this::handle);
     * reader.commit();
     * }</pre>
     *
     * @throws IllegalStateException when the reader is not in a group
     */
    void commit();

    /**
     * Stops returning records until {@link #resume()}, while {@link #poll} keeps the reader in its
     * group: for a reader that must wait (a retry backoff) longer than the group allows between polls.
     *
     * <pre>{@code
     * reader.pause();
     * while (waiting()) reader.poll(Duration.ofMillis(100));   // returns nothing, keeps the membership
     * reader.resume();
     * }</pre>
     */
    void pause();

    /** Returns records again after {@link #pause()}: {@code reader.resume()}. */
    void resume();

    /**
     * Makes a {@link #poll} in progress in another thread (or the next one) return at once; the only
     * method that may be called from another thread.
     *
     * <pre>{@code
     * Runtime.getRuntime().addShutdownHook(new Thread(reader::wakeup));
     * }</pre>
     */
    void wakeup();

    /** Leaves the group (if in one) and closes the connection: {@code reader.close()}. */
    @Override
    void close();
}
