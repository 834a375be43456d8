package dev.mephisto.internal.settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka keys of a config file one typo away from a key Kafka's clients or Kafka Streams know
 * ({@code linger.msx}): Kafka itself only logs such a key as unused, so the worker and the CLI say
 * which key was probably meant. Keys far from every known one may be a serializer's or a plugin's
 * own settings and are left alone; {@code topic.*} keys are topic settings and not checked.
 */
public final class KafkaKeys {

    /** Kafka Streams' prefixes for one client's settings, and the keys each may carry after it. */
    private static final Map<String, Set<String>> PREFIXED = Map.of(
            StreamsConfig.PRODUCER_PREFIX, ProducerConfig.configNames(),
            StreamsConfig.CONSUMER_PREFIX, ConsumerConfig.configNames(),
            StreamsConfig.MAIN_CONSUMER_PREFIX, ConsumerConfig.configNames(),
            StreamsConfig.RESTORE_CONSUMER_PREFIX, ConsumerConfig.configNames(),
            StreamsConfig.GLOBAL_CONSUMER_PREFIX, ConsumerConfig.configNames(),
            StreamsConfig.ADMIN_CLIENT_PREFIX, AdminClientConfig.configNames());

    private static final Set<String> PLAIN = plain();

    private KafkaKeys() {
    }

    private static Set<String> plain() {
        Set<String> known = new TreeSet<>(StreamsConfig.configDef().names());
        known.addAll(ProducerConfig.configNames());
        known.addAll(ConsumerConfig.configNames());
        known.addAll(AdminClientConfig.configNames());
        return known;
    }

    /** One line per key of {@code kafka} that looks like a typo of a known key, naming the file and the key meant. */
    public static List<String> typos(Map<String, String> kafka, Path file) {
        String where = file == null ? "config file" : "config file " + file.toAbsolutePath();
        List<String> lines = new ArrayList<>();
        for (String key : new TreeSet<>(kafka.keySet())) {
            nearest(key).ifPresent(near -> lines.add(where + " sets " + key + ", which no Kafka client or Kafka"
                    + " Streams knows: did you mean " + near + "? (passed to Kafka as is)"));
        }
        return lines;
    }

    /** The known key {@code key} probably meant; empty when it is known, a topic setting, or near nothing. */
    static Optional<String> nearest(String key) {
        if (PLAIN.contains(key) || key.startsWith(StreamsConfig.TOPIC_PREFIX)) {
            return Optional.empty();
        }
        String longest = null;
        for (String prefix : PREFIXED.keySet()) {
            if (key.startsWith(prefix) && (longest == null || prefix.length() > longest.length())) {
                longest = prefix;
            }
        }
        if (longest != null) {
            String prefix = longest;
            String rest = key.substring(prefix.length());
            return PREFIXED.get(prefix).contains(rest) ? Optional.empty()
                    : NearestKey.of(rest, PREFIXED.get(prefix)).map(near -> prefix + near);
        }
        return NearestKey.of(key, PLAIN);
    }
}
