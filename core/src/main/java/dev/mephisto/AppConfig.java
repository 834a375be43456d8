package dev.mephisto;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of an {@link App}, set in the lambda given to {@link App#create(String, java.util.function.Consumer)}.
 * Each setter returns the config so settings chain; each has a getter of the same name.
 * The app keeps its own copy, so changing this object later changes nothing.
 *
 * <pre>{@code
 * App app = App.create("payments", config -> config
 *         .broker("localhost:9092")
 *         .version(2)
 *         .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
 *         .threads(2)
 *         .topicPartitions(12)
 *         .topicReplication(3)
 *         .kafka("commit.interval.ms", 200));
 * }</pre>
 */
public final class AppConfig {

    private String broker;
    private int version = 1;
    private ProcessingGuarantee processingGuarantee = ProcessingGuarantee.AT_LEAST_ONCE;
    private int threads = 1;
    private int topicPartitions = 1;
    private short topicReplication = -1;
    private Path stateDir;
    private String deadLetterTopic;
    private java.time.Duration statsInterval = java.time.Duration.ofSeconds(30);
    private final Map<String, Object> kafka = new LinkedHashMap<>();

    AppConfig() {
    }

    AppConfig copy() {
        AppConfig copy = new AppConfig();
        copy.broker = broker;
        copy.version = version;
        copy.processingGuarantee = processingGuarantee;
        copy.threads = threads;
        copy.topicPartitions = topicPartitions;
        copy.topicReplication = topicReplication;
        copy.stateDir = stateDir;
        copy.deadLetterTopic = deadLetterTopic;
        copy.statsInterval = statsInterval;
        copy.kafka.putAll(kafka);
        return copy;
    }

    /**
     * Kafka's bootstrap servers, {@code host:port[,host:port...]}. Unset means the worker starts
     * an embedded broker.
     */
    public AppConfig broker(String bootstrapServers) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers can't be null");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("broker must be host:port[,host:port...], got an empty string");
        }
        this.broker = bootstrapServers.trim();
        return this;
    }

    /**
     * The application version (Faust's {@code version}), 1 by default. Any other version is a new
     * Kafka Streams application id, {@code <name>-v<version>}: a fresh start with new consumer
     * offsets, state and internal topics.
     */
    public AppConfig version(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, got " + version);
        }
        this.version = version;
        return this;
    }

    /** At-least-once (the default) or exactly-once v2. */
    public AppConfig processingGuarantee(ProcessingGuarantee guarantee) {
        this.processingGuarantee = Objects.requireNonNull(guarantee, "guarantee can't be null");
        return this;
    }

    /** Stream threads per worker, 1 by default; a deployment overrides it with {@code --threads}, {@code MEPHISTO_THREADS} or {@code mephisto.threads} ({@link WorkerOptions#THREADS}). */
    public AppConfig threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be 1 or more, got " + threads);
        }
        this.threads = threads;
        return this;
    }

    /** Partitions of the topics the worker creates, unless a topic says otherwise; 1 by default. */
    public AppConfig topicPartitions(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("topicPartitions must be 1 or more, got " + partitions);
        }
        this.topicPartitions = partitions;
        return this;
    }

    /**
     * Replication factor of the topics the worker creates, its changelogs and repartition topics
     * included, unless a topic says otherwise. Unset, the broker's {@code default.replication.factor}
     * decides (1 on the embedded broker).
     */
    public AppConfig topicReplication(int replication) {
        if (replication < 1 || replication > Short.MAX_VALUE) {
            throw new IllegalArgumentException("topicReplication must be 1 or more, got " + replication);
        }
        this.topicReplication = (short) replication;
        return this;
    }

    /** Where tables keep their local state; Kafka Streams' default temp directory when unset. */
    public AppConfig stateDir(Path dir) {
        this.stateDir = Objects.requireNonNull(dir, "dir can't be null");
        return this;
    }

    /**
     * The topic that receives bad input: records that do not decode, that an agent rejects or
     * fails on, or whose output cannot be written. Default: {@code <application id>.dlq}.
     */
    public AppConfig deadLetterTopic(String topic) {
        this.deadLetterTopic = dev.mephisto.internal.compile.Names.requireLegal("dead-letter topic", topic);
        return this;
    }

    /**
     * How often each worker logs a STATS line per agent (consumed, errors, rate, mean and p99
     * processing time); {@link java.time.Duration#ZERO} turns it off. Default: 30 seconds.
     */
    public AppConfig statsInterval(java.time.Duration interval) {
        Objects.requireNonNull(interval, "interval can't be null");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("statsInterval must not be negative, got " + interval);
        }
        this.statsInterval = interval;
        return this;
    }

    /**
     * The escape hatch: any raw Kafka Streams, consumer, producer or admin property, applied last,
     * over what Mephisto derives: {@code kafka("commit.interval.ms", 100)}.
     */
    public AppConfig kafka(String key, Object value) {
        Objects.requireNonNull(key, "key can't be null");
        Objects.requireNonNull(value, "value can't be null (Kafka property '" + key + "')");
        kafka.put(key, value);
        return this;
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

    public java.time.Duration statsInterval() {
        return statsInterval;
    }

    /** The raw Kafka properties set with {@link #kafka(String, Object)}. */
    public Map<String, Object> kafka() {
        return Collections.unmodifiableMap(kafka);
    }
}
