package dev.mephisto;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of an {@link App} in code, given to {@link App#create(String, java.util.function.UnaryOperator)}.
 * Immutable: each {@code withX} returns a copy, each setting has a getter of the same name. A
 * deployment overrides some of them without a rebuild ({@code --threads}, {@code --broker}, ... see
 * {@link WorkerOptions}).
 *
 * <pre>{@code
 * App app = App.create("payments", config -> config
 *         .withBroker("localhost:9092")
 *         .withVersion(2)
 *         .withProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
 *         .withThreads(2)
 *         .withTopicPartitions(12)
 *         .withTopicReplication(3)
 *         .withKafka("commit.interval.ms", 200));
 * }</pre>
 */
public final class AppConfig {

    private static final AppConfig DEFAULTS = new AppConfig(null, 1, ProcessingGuarantee.AT_LEAST_ONCE, 1, 1,
            (short) -1, null, null, Duration.ofSeconds(30), Map.of());

    private final String broker;
    private final int version;
    private final ProcessingGuarantee processingGuarantee;
    private final int threads;
    private final int topicPartitions;
    private final short topicReplication;
    private final Path stateDir;
    private final String deadLetterTopic;
    private final Duration statsInterval;
    private final Map<String, Object> kafka;

    private AppConfig(String broker, int version, ProcessingGuarantee processingGuarantee, int threads,
            int topicPartitions, short topicReplication, Path stateDir, String deadLetterTopic, Duration statsInterval,
            Map<String, Object> kafka) {
        this.broker = broker;
        this.version = version;
        this.processingGuarantee = processingGuarantee;
        this.threads = threads;
        this.topicPartitions = topicPartitions;
        this.topicReplication = topicReplication;
        this.stateDir = stateDir;
        this.deadLetterTopic = deadLetterTopic;
        this.statsInterval = statsInterval;
        this.kafka = kafka;
    }

    /** At-least-once, version 1, one stream thread, one partition per created topic, an embedded broker. */
    public static AppConfig defaults() {
        return DEFAULTS;
    }

    /**
     * A copy with Kafka's bootstrap servers, {@code host:port[,host:port...]}. Unset means the worker
     * starts an embedded broker.
     */
    public AppConfig withBroker(String bootstrapServers) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers can't be null");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("broker must be host:port[,host:port...], got an empty string");
        }
        return new AppConfig(bootstrapServers.trim(), version, processingGuarantee, threads, topicPartitions,
                topicReplication, stateDir, deadLetterTopic, statsInterval, kafka);
    }

    /**
     * A copy with this application version (Faust's {@code version}), 1 by default. Any other version
     * is a new Kafka Streams application id, {@code <name>-v<version>}: a fresh start with new consumer
     * offsets, state and internal topics.
     */
    public AppConfig withVersion(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, got " + version);
        }
        return new AppConfig(broker, version, processingGuarantee, threads, topicPartitions, topicReplication,
                stateDir, deadLetterTopic, statsInterval, kafka);
    }

    /** A copy with at-least-once (the default) or exactly-once v2. */
    public AppConfig withProcessingGuarantee(ProcessingGuarantee guarantee) {
        Objects.requireNonNull(guarantee, "guarantee can't be null");
        return new AppConfig(broker, version, guarantee, threads, topicPartitions, topicReplication, stateDir,
                deadLetterTopic, statsInterval, kafka);
    }

    /**
     * A copy with this many stream threads per worker, 1 by default; a deployment overrides it with
     * {@code --threads}, {@code MEPHISTO_THREADS} or {@code mephisto.threads} ({@link WorkerOptions#THREADS}).
     */
    public AppConfig withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be 1 or more, got " + threads);
        }
        return new AppConfig(broker, version, processingGuarantee, threads, topicPartitions, topicReplication,
                stateDir, deadLetterTopic, statsInterval, kafka);
    }

    /** A copy with the partitions of the topics the worker creates, unless a topic says otherwise; 1 by default. */
    public AppConfig withTopicPartitions(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("topicPartitions must be 1 or more, got " + partitions);
        }
        return new AppConfig(broker, version, processingGuarantee, threads, partitions, topicReplication, stateDir,
                deadLetterTopic, statsInterval, kafka);
    }

    /**
     * A copy with the replication factor of the topics the worker creates, its changelogs and
     * repartition topics included, unless a topic says otherwise. Unset, the broker's
     * {@code default.replication.factor} decides (1 on the embedded broker).
     */
    public AppConfig withTopicReplication(int replication) {
        if (replication < 1 || replication > Short.MAX_VALUE) {
            throw new IllegalArgumentException("topicReplication must be 1 or more, got " + replication);
        }
        return new AppConfig(broker, version, processingGuarantee, threads, topicPartitions, (short) replication,
                stateDir, deadLetterTopic, statsInterval, kafka);
    }

    /** A copy keeping tables' local state here; unset, {@code state/<cluster id>} beside the worker's data dir. */
    public AppConfig withStateDir(Path dir) {
        Objects.requireNonNull(dir, "dir can't be null");
        return new AppConfig(broker, version, processingGuarantee, threads, topicPartitions, topicReplication, dir,
                deadLetterTopic, statsInterval, kafka);
    }

    /**
     * A copy sending bad input to this topic: records that do not decode, that an agent rejects or
     * fails on, or whose output cannot be written. Default: {@code <application id>.dlq}.
     */
    public AppConfig withDeadLetterTopic(String topic) {
        String legal = LegalNames.requireLegal("dead-letter topic", topic);
        return new AppConfig(broker, version, processingGuarantee, threads, topicPartitions, topicReplication,
                stateDir, legal, statsInterval, kafka);
    }

    /**
     * A copy logging a STATS line per agent this often (consumed, errors, rate, mean and p99
     * processing time); {@link Duration#ZERO} turns it off. Default: 30 seconds.
     */
    public AppConfig withStatsInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval can't be null");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("statsInterval must not be negative, got " + interval);
        }
        return new AppConfig(broker, version, processingGuarantee, threads, topicPartitions, topicReplication,
                stateDir, deadLetterTopic, interval, kafka);
    }

    /**
     * The escape hatch: a copy with one more raw Kafka Streams, consumer, producer or admin property,
     * applied last, over what Mephisto derives: {@code withKafka("commit.interval.ms", 100)}.
     */
    public AppConfig withKafka(String key, Object value) {
        Objects.requireNonNull(key, "key can't be null");
        Objects.requireNonNull(value, "value can't be null (Kafka property '" + key + "')");
        Map<String, Object> copy = new LinkedHashMap<>(kafka);
        copy.put(key, value);
        return new AppConfig(broker, version, processingGuarantee, threads, topicPartitions, topicReplication,
                stateDir, deadLetterTopic, statsInterval, Collections.unmodifiableMap(copy));
    }

    /** The bootstrap servers, if set. */
    public Optional<String> broker() {
        return Optional.ofNullable(broker);
    }

    public int version() {
        return version;
    }

    public ProcessingGuarantee processingGuarantee() {
        return processingGuarantee;
    }

    public int threads() {
        return threads;
    }

    public int topicPartitions() {
        return topicPartitions;
    }

    /** The replication factor for created topics, or -1 for the broker's default. */
    public short topicReplication() {
        return topicReplication;
    }

    public Optional<Path> stateDir() {
        return Optional.ofNullable(stateDir);
    }

    /** The dead-letter topic, if set; the app's default is {@code <application id>.dlq}. */
    public Optional<String> deadLetterTopic() {
        return Optional.ofNullable(deadLetterTopic);
    }

    public Duration statsInterval() {
        return statsInterval;
    }

    /** The raw Kafka properties set with {@link #withKafka(String, Object)}. */
    public Map<String, Object> kafka() {
        return kafka;
    }
}
