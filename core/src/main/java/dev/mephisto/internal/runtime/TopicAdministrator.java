package dev.mephisto.internal.runtime;

import dev.mephisto.Codec;
import dev.mephisto.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the cluster fit the app before it starts: creates the declared topics that are missing and
 * refuses to start when an existing topic conflicts with its declaration or breaks
 * co-partitioning, naming the topic, what was found and what was expected.
 */
public final class TopicAdministrator {

    private static final Logger log = LoggerFactory.getLogger(TopicAdministrator.class);

    /**
     * What the app declares about its topics: the topics, its dead-letter topic, and the partitions
     * and replication a topic gets when its declaration does not say (replication 0 or less: the
     * broker's default).
     */
    public record Declared(List<Topic<?, ?>> topics, String deadLetterTopic, int defaultPartitions,
            short defaultReplication) {
        public Declared {
            topics = List.copyOf(topics);
        }
    }

    private final Declared app;
    private final Admin admin;
    private final Duration timeout;

    public TopicAdministrator(Declared app, Admin admin, Duration timeout) {
        this.app = app;
        this.admin = admin;
        this.timeout = timeout;
    }

    /** The problems found, one sentence each; the topics that were missing are created. */
    public List<String> prepare(Topology topology) {
        Map<String, Topic<?, ?>> declared = new LinkedHashMap<>();
        app.topics().forEach(topic -> declared.put(topic.name(), topic));
        declared.putIfAbsent(app.deadLetterTopic(),
                Topic.of(app.deadLetterTopic(), Codec.bytes(), Codec.bytes()));
        Map<String, TopicDescription> existing = describe(declared.keySet());
        List<String> problems = new ArrayList<>();
        Map<String, Integer> partitions = new TreeMap<>();
        List<NewTopic> toCreate = new ArrayList<>();
        for (Topic<?, ?> topic : declared.values()) {
            TopicDescription found = existing.get(topic.name());
            if (found == null) {
                int count = topic.partitions().orElse(app.defaultPartitions());
                short replication = topic.replication().orElse(app.defaultReplication());
                toCreate.add(new NewTopic(topic.name(), java.util.Optional.of(count),
                        replication > 0 ? java.util.Optional.of(replication) : java.util.Optional.empty())
                        .configs(topic.topicConfigs()));
                partitions.put(topic.name(), count);
            } else {
                partitions.put(topic.name(), found.partitions().size());
                checkExisting(topic, found, problems);
            }
        }
        checkSettings(declared, existing.keySet(), problems);
        checkCoPartitioning(topology, partitions, problems);
        if (problems.isEmpty()) {
            create(toCreate, problems);
        }
        return problems;
    }

    private void checkExisting(Topic<?, ?> topic, TopicDescription found, List<String> problems) {
        int count = found.partitions().size();
        if (topic.partitions().isPresent() && topic.partitions().getAsInt() != count) {
            problems.add("topic '" + topic.name() + "' exists with " + count + " partitions, but the app declares "
                    + topic.partitions().getAsInt() + ": change withPartitions(...) to " + count
                    + ", or add partitions to the topic (kafka-topics --alter --partitions)");
        }
        int replication = found.partitions().get(0).replicas().size();
        if (topic.replication().isPresent() && topic.replication().get() != replication) {
            problems.add("topic '" + topic.name() + "' exists with replication factor " + replication
                    + ", but the app declares " + topic.replication().get() + ": change withReplication(...) to "
                    + replication + ", or reassign the topic's replicas");
        }
    }

    private void checkSettings(Map<String, Topic<?, ?>> declared, Set<String> existing, List<String> problems) {
        List<ConfigResource> resources = new ArrayList<>();
        for (String name : existing) {
            if (!declared.get(name).topicConfigs().isEmpty()) {
                resources.add(new ConfigResource(ConfigResource.Type.TOPIC, name));
            }
        }
        if (resources.isEmpty()) {
            return;
        }
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all(), "describe topic settings");
        configs.forEach((resource, config) -> declared.get(resource.name()).topicConfigs().forEach((key, expected) -> {
            ConfigEntry entry = config.get(key);
            String actual = entry == null ? null : entry.value();
            if (!expected.equals(actual)) {
                problems.add("topic '" + resource.name() + "' exists with " + key + "=" + actual
                        + ", but the app declares " + key + "=" + expected + ": change the declaration, or alter the"
                        + " topic (kafka-configs --alter --entity-type topics --entity-name " + resource.name()
                        + " --add-config " + key + "=" + expected + ")");
            }
        }));
    }

    /** Sources of a sub-topology that keeps state must have one partition count, or keys miss their state. */
    private static void checkCoPartitioning(Topology topology, Map<String, Integer> partitions, List<String> problems) {
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            boolean stateful = false;
            Set<String> sources = new LinkedHashSet<>();
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor processor && !processor.stores().isEmpty()) {
                    stateful = true;
                }
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    source.topicSet().stream().filter(partitions::containsKey).forEach(sources::add);
                }
            }
            Map<Integer, List<String>> byCount = new TreeMap<>();
            sources.forEach(topic -> byCount.computeIfAbsent(partitions.get(topic), c -> new ArrayList<>()).add(topic));
            if (stateful && byCount.size() > 1) {
                StringBuilder found = new StringBuilder();
                byCount.forEach((count, topics) -> found.append(found.length() == 0 ? "" : ", ")
                        .append(String.join(" and ", topics)).append(" with ").append(count).append(" partitions"));
                problems.add("topics " + String.join(", ", sources) + " feed the same tables but are not co-partitioned ("
                        + found + "): give them the same number of partitions so that each key meets its own state");
            }
        }
    }

    private void create(List<NewTopic> topics, List<String> problems) {
        if (topics.isEmpty()) {
            return;
        }
        var result = admin.createTopics(topics);
        for (NewTopic topic : topics) {
            try {
                result.values().get(topic.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                log.info("created topic topic={} partitions={} replication={}", topic.name(), topic.numPartitions(),
                        topic.replicationFactor() > 0 ? topic.replicationFactor() : "broker default");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    continue;
                }
                if (e.getCause() instanceof InvalidReplicationFactorException) {
                    problems.add("topic '" + topic.name() + "' cannot be created with replication factor "
                            + topic.replicationFactor() + ": " + e.getCause().getMessage()
                            + "; lower topicReplication(...) or withReplication(...) to at most the number of brokers");
                    continue;
                }
                problems.add("topic '" + topic.name() + "' could not be created: " + e.getCause().getMessage());
            } catch (TimeoutException e) {
                problems.add("topic '" + topic.name() + "' was not created within " + timeout.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topics", e);
            }
        }
    }

    private Map<String, TopicDescription> describe(Collection<String> names) {
        Map<String, TopicDescription> found = new LinkedHashMap<>();
        var result = admin.describeTopics(names).topicNameValues();
        result.forEach((name, future) -> {
            try {
                found.put(name, future.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe topic '" + name + "': " + e.getCause().getMessage(),
                            e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("the broker did not describe topic '" + name + "' within "
                        + timeout.toSeconds() + " s: is it reachable?", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while describing topics", e);
            }
        });
        return found;
    }

    private <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not " + what + " within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }
}
