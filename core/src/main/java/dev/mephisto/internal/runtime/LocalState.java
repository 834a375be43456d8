package dev.mephisto.internal.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.TopologyDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a worker keeps its tables' local state, and the checks that keep state built from another
 * cluster, or from a topic since deleted or expired, out of it: Kafka Streams' global thread gives
 * up on such state instead of rebuilding it.
 *
 * <p>Below a state root, Kafka Streams keeps an app's state in {@code <root>/<application id>}:
 * the global stores in {@code global/}, each task's stores in {@code <subtopology>_<partition>/},
 * Beside that directory this class keeps {@code <application id>.cluster-id}, the cluster the state
 * was built from, {@code <application id>.topic-ids}, the ids of the topics it was built from, and
 * {@code <application id>.global-ends}, after a clean stop, the end offsets of the global stores'
 * topics then: the global stores read no further than that.
 */
public final class LocalState {

    private static final Logger log = LoggerFactory.getLogger(LocalState.class);
    /** What {@link #globalStores} answers when no global store reads the topics named. */
    public static final String NO_GLOBAL_STORE = "(unknown)";
    private static final String CLUSTER_ID_SUFFIX = ".cluster-id";
    private static final String TOPIC_IDS_SUFFIX = ".topic-ids";
    private static final String GLOBAL_ENDS_SUFFIX = ".global-ends";
    private static final String GLOBAL = "global";
    private static final Pattern TASK_DIR = Pattern.compile("\\d+_\\d+");
    private static final Comparator<TopicPartition> PARTITION_ORDER = Comparator.comparing(TopicPartition::topic)
            .thenComparingInt(TopicPartition::partition);

    private LocalState() {
    }

    /**
     * The state root when none is configured: {@code state/<cluster id>} beside the embedded broker's
     * data directory, {@code ./.mephisto/state/<cluster id>} by default, so neither two clusters nor
     * two working directories share state by accident.
     */
    public static Path defaultRoot(Path dataDir, String clusterId) {
        Path data = dataDir.toAbsolutePath().normalize();
        return data.resolveSibling("state").resolve(clusterId);
    }

    /** The id of the cluster {@code admin} talks to. */
    public static String clusterId(Admin admin, Duration timeout) {
        try {
            return admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the broker for its cluster id", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("the broker did not tell its cluster id within " + timeout.toSeconds()
                    + " s (" + cause + "); check that Kafka runs at the configured --broker", cause);
        }
    }

    /**
     * Makes {@code <root>/<appId>} the state of cluster {@code clusterId}: when it was built from
     * another cluster, deletes it with one line naming both clusters; records the cluster beside it.
     */
    public static void claim(Path root, String appId, String clusterId) {
        Path appDir = root.resolve(appId);
        Path idFile = root.resolve(appId + CLUSTER_ID_SUFFIX);
        try {
            String recorded = Files.isRegularFile(idFile) ? Files.readString(idFile, StandardCharsets.UTF_8).trim() : "";
            if (!recorded.isEmpty() && !recorded.equals(clusterId) && Files.exists(appDir)) {
                log.warn("local state of app '{}' in {} was built from cluster {}, but the broker is cluster {}:"
                        + " deleting it, so the tables rebuild from this cluster's topics", appId, appDir, recorded,
                        clusterId);
                delete(appDir);
            }
            Files.createDirectories(root);
            Files.writeString(idFile, clusterId + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot check or record the cluster of the local state in " + appDir
                    + ": " + e + "; make the state directory writable or choose another with --state-dir", e);
        }
    }

    /**
     * Deletes the global stores' and the tasks' local state built from a topic that has since been
     * deleted and recreated (its topic id changed, or it is gone), one line each, so Kafka Streams
     * rebuilds it from the topic instead of failing on it or keeping what the topic no longer holds;
     * then records the ids of the topics the state is built from beside it, for the next start.
     * Kafka Streams 4.3 keeps the offsets a store was built up to inside the store, so the topic id
     * is what tells a recreated topic apart.
     */
    public static void dropStale(Path root, String appId, Admin admin, Duration timeout, TopologyDescription topology) {
        Path appDir = root.resolve(appId);
        Path idFile = root.resolve(appId + TOPIC_IDS_SUFFIX);
        Map<String, String> sources = sources(appId, topology);
        try {
            Map<String, String> current = topicIds(admin, sources.keySet(), timeout);
            Map<String, String> recorded = readIds(idFile);
            Set<String> deleted = new HashSet<>();
            for (Map.Entry<String, String> source : sources.entrySet()) {
                String topic = source.getKey();
                String was = recorded.get(topic);
                String now = current.get(topic);
                String dir = source.getValue();
                if (deleted.contains(dir) || !hasState(appDir, dir)) {
                    continue;
                }
                boolean recreated = was != null && now != null && !was.equals(now);
                // a changelog never seen may belong to a store without logging: only a global topic counts as gone unseen
                boolean gone = now == null && (was != null || dir.equals(GLOBAL));
                if (!recreated && !gone) {
                    continue;
                }
                String what = gone ? "which is gone" : "which was deleted and recreated since (now id " + now + ")";
                was = was == null ? "unrecorded" : was;
                if (dir.equals(GLOBAL)) {
                    log.warn("global store {} of app '{}' in {} was built from topic '{}' (id {}), {}: deleting it,"
                            + " so it rebuilds from the topic", globalStores(topology, topic), appId,
                            appDir.resolve(GLOBAL), topic, was, what);
                    delete(appDir.resolve(GLOBAL));
                } else {
                    List<Path> tasks = taskDirs(appDir, dir);
                    log.warn("tables of app '{}' in tasks {} under {} were built from changelog '{}' (id {}), {}:"
                            + " deleting their local state, so they rebuild from the changelog", appId,
                            tasks.stream().map(task -> task.getFileName().toString()).toList(), appDir, topic, was,
                            what);
                    for (Path task : tasks) {
                        delete(task);
                    }
                }
                deleted.add(dir);
            }
            writeIds(root, idFile, current);
        } catch (IOException e) {
            throw new IllegalStateException("cannot check the local state in " + appDir + " against its topics: " + e
                    + "; delete it by hand (the tables rebuild from their topics) or fix its permissions", e);
        }
    }

    /**
     * Records, once the worker has stopped cleanly, the end offsets of the global stores' topic
     * partitions: the global stores' local state reaches no further, so a next start that finds a
     * partition beginning after that knows records the stores never read expired meanwhile.
     */
    public static void recordGlobalEnds(Path root, String appId, Admin admin, Duration timeout,
            TopologyDescription topology) throws IOException {
        Set<String> topics = globalTopics(topology);
        Map<TopicPartition, Long> ends = offsets(admin, topics, OffsetSpec.latest(), timeout);
        Files.createDirectories(root);
        StringBuilder text = new StringBuilder();
        ends.forEach((partition, offset) -> text.append(partition.topic()).append(' ').append(partition.partition())
                .append(' ').append(offset).append(System.lineSeparator()));
        Files.writeString(root.resolve(appId + GLOBAL_ENDS_SUFFIX), text, StandardCharsets.UTF_8);
    }

    /**
     * Deletes the global stores' local state when records they never read expired while the worker
     * was stopped (a partition now begins after where the stores stopped reading), with one line, so
     * the stores rebuild from the topic: Kafka Streams 4.3's global thread dies on such state at
     * start and leaves the worker REBALANCING for ever. Where the stores stopped is what
     * {@link #recordGlobalEnds} wrote at the last clean stop; after any other stop it is unknown, and
     * state on a partition that no longer begins at offset 0 is rebuilt too. The record is used once.
     */
    public static void dropExpired(Path root, String appId, Admin admin, Duration timeout,
            TopologyDescription topology) {
        Path global = root.resolve(appId).resolve(GLOBAL);
        Path endsFile = root.resolve(appId + GLOBAL_ENDS_SUFFIX);
        try {
            Set<String> topics = globalTopics(topology);
            if (Files.exists(global) && !topics.isEmpty()) {
                Map<TopicPartition, Long> read = readEnds(endsFile);
                Map<TopicPartition, Long> starts = offsets(admin, topics, OffsetSpec.earliest(), timeout);
                for (Map.Entry<TopicPartition, Long> start : starts.entrySet()) {
                    Long reached = read.get(start.getKey());
                    boolean expired = reached == null ? start.getValue() > 0 : start.getValue() > reached;
                    if (!expired) {
                        continue;
                    }
                    log.warn("global store {} of app '{}' in {} {}, but topic partition {} now begins at offset {}:"
                            + " records it never read expired (retention) while the worker was stopped; deleting its"
                            + " local state, so it rebuilds from the topic",
                            globalStores(topology, start.getKey().topic()), appId, global,
                            reached == null ? "was left by a worker that did not stop cleanly, so how far it read is"
                                    + " unknown" : "read up to offset " + reached,
                            start.getKey(), start.getValue());
                    delete(global);
                    break;
                }
            }
            Files.deleteIfExists(endsFile);
        } catch (IOException e) {
            throw new IllegalStateException("cannot check the global stores' local state in " + global + " against"
                    + " their topics: " + e + "; delete it by hand (the stores rebuild from their topics) or fix its"
                    + " permissions", e);
        }
    }

    private static Set<String> globalTopics(TopologyDescription topology) {
        Set<String> topics = new TreeSet<>();
        topology.globalStores().forEach(store -> topics.addAll(store.source().topicSet()));
        return topics;
    }

    /** The offsets {@code spec} names of every partition of those of {@code topics} that exist. */
    private static Map<TopicPartition, Long> offsets(Admin admin, Set<String> topics, OffsetSpec spec,
            Duration timeout) throws IOException {
        Map<TopicPartition, Long> offsets = new TreeMap<>(PARTITION_ORDER);
        if (topics.isEmpty()) {
            return offsets;
        }
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (Map.Entry<String, KafkaFuture<TopicDescription>> topic
                    : admin.describeTopics(topics).topicNameValues().entrySet()) {
                TopicDescription description;
                try {
                    description = topic.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        continue;
                    }
                    throw e;
                }
                description.partitions().forEach(info -> request.put(
                        new TopicPartition(topic.getKey(), info.partition()), spec));
            }
            admin.listOffsets(request).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((partition, info) -> offsets.put(partition, info.offset()));
            return offsets;
        } catch (ExecutionException e) {
            throw new IOException("cannot list the offsets of topics " + topics + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the broker did not list the offsets of topics " + topics + " within "
                    + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while listing the offsets of topics " + topics, e);
        }
    }

    private static Map<TopicPartition, Long> readEnds(Path file) throws IOException {
        Map<TopicPartition, Long> ends = new TreeMap<>(PARTITION_ORDER);
        if (!Files.isRegularFile(file)) {
            return ends;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3) {
                try {
                    ends.put(new TopicPartition(fields[0], Integer.parseInt(fields[1])), Long.parseLong(fields[2]));
                } catch (NumberFormatException ignored) {
                    // a damaged line: that partition counts as unknown
                }
            }
        }
        return ends;
    }

    /**
     * Records the ids of the topics the app's local state is built from, as they are now: what a
     * worker does once running, when Kafka Streams has created the changelogs.
     */
    public static void recordTopicIds(Path root, String appId, Admin admin, Duration timeout,
            TopologyDescription topology) throws IOException {
        Path idFile = root.resolve(appId + TOPIC_IDS_SUFFIX);
        Map<String, String> record = readIds(idFile);
        record.putAll(topicIds(admin, sources(appId, topology).keySet(), timeout));
        writeIds(root, idFile, record);
    }

    private static void writeIds(Path root, Path idFile, Map<String, String> ids) throws IOException {
        Files.createDirectories(root);
        StringBuilder text = new StringBuilder();
        ids.forEach((topic, id) -> text.append(topic).append(' ').append(id).append(System.lineSeparator()));
        Files.writeString(idFile, text, StandardCharsets.UTF_8);
    }

    private static boolean hasState(Path appDir, String dir) throws IOException {
        return dir.equals(GLOBAL) ? Files.exists(appDir.resolve(GLOBAL)) : !taskDirs(appDir, dir).isEmpty();
    }

    /**
     * The topics local state is built from, each with where that state lives under the app's
     * directory: {@code global} for a global store's topic, the subtopology id (its tasks are
     * {@code <id>_<partition>}) for a table's changelog.
     */
    private static Map<String, String> sources(String appId, TopologyDescription topology) {
        Map<String, String> sources = new TreeMap<>();
        for (TopologyDescription.GlobalStore store : topology.globalStores()) {
            store.source().topicSet().forEach(topic -> sources.put(topic, GLOBAL));
        }
        for (TopologyDescription.Subtopology subtopology : topology.subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().forEach(store -> sources.put(appId + "-" + store + "-changelog",
                            String.valueOf(subtopology.id())));
                }
            }
        }
        return sources;
    }

    /** The ids of those of {@code topics} that exist. */
    private static Map<String, String> topicIds(Admin admin, Set<String> topics, Duration timeout) throws IOException {
        Map<String, String> ids = new TreeMap<>();
        describe(admin, topics, timeout).forEach((topic, description) -> ids.put(topic, description.topicId()
                .toString()));
        return ids;
    }

    /**
     * The global stores' topics that exist, each with its id and partitions, as they are now: what a
     * running worker compares to notice a global topic deleted and recreated under it.
     */
    public static Map<String, TopicDescription> describeGlobalTopics(Admin admin, Duration timeout,
            TopologyDescription topology) throws IOException {
        return describe(admin, globalTopics(topology), timeout);
    }

    /** Those of {@code topics} that exist, described. */
    private static Map<String, TopicDescription> describe(Admin admin, Set<String> topics, Duration timeout)
            throws IOException {
        Map<String, TopicDescription> descriptions = new TreeMap<>();
        if (topics.isEmpty()) {
            return descriptions;
        }
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics).topicNameValues();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> topic : described.entrySet()) {
            try {
                descriptions.put(topic.getKey(), topic.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IOException("cannot describe topic '" + topic.getKey() + "': " + e.getCause(),
                            e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IOException("the broker did not describe topic '" + topic.getKey() + "' within "
                        + timeout.toSeconds() + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while describing topic '" + topic.getKey() + "'", e);
            }
        }
        return descriptions;
    }

    private static Map<String, String> readIds(Path file) throws IOException {
        Map<String, String> ids = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return ids;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 2) {
                ids.put(fields[0], fields[1]);
            }
        }
        return ids;
    }

    private static List<Path> taskDirs(Path appDir, String subtopology) throws IOException {
        if (!Files.isDirectory(appDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(appDir)) {
            return dirs.filter(dir -> dir.getFileName().toString().startsWith(subtopology + "_")
                    && TASK_DIR.matcher(dir.getFileName().toString()).matches()).sorted().toList();
        }
    }

    /**
     * The global stores of {@code topology} fed by a topic that {@code text} names, quoted, or
     * {@link #NO_GLOBAL_STORE}; what a log line says when a global store and its topic part ways.
     */
    public static String globalStores(TopologyDescription topology, String text) {
        List<String> stores = new ArrayList<>();
        for (TopologyDescription.GlobalStore store : topology.globalStores()) {
            boolean named = store.source().topicSet().stream().anyMatch(topic -> text.contains(topic));
            if (named) {
                store.processor().stores().forEach(name -> stores.add("'" + name + "'"));
            }
        }
        return stores.isEmpty() ? NO_GLOBAL_STORE : String.join(", ", stores);
    }

    /**
     * Deletes an app's local state under {@code root} and what this class records beside it; false
     * when there was no state to delete.
     */
    public static boolean forget(Path root, String appId) throws IOException {
        Files.deleteIfExists(root.resolve(appId + CLUSTER_ID_SUFFIX));
        Files.deleteIfExists(root.resolve(appId + GLOBAL_ENDS_SUFFIX));
        Files.deleteIfExists(root.resolve(appId + TOPIC_IDS_SUFFIX));
        Path appDir = root.resolve(appId);
        boolean existed = Files.exists(appDir);
        delete(appDir);
        return existed;
    }

    /** Deletes {@code dir} and everything below it; nothing when it does not exist. */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
