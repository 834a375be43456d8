package dev.mephisto.internal.runtime;

import dev.mephisto.AppConfig;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** Derives an app's Kafka Streams properties from its config. */
public final class StreamsProperties {

    /** What the properties say when no broker is configured yet (the worker fills in the real one). */
    public static final String UNSET_BROKER = "unset:9092";

    private StreamsProperties() {
    }

    @SuppressWarnings("deprecation") // the global-thread switch is deprecated, yet Kafka 4.4 warns when it is off
    /** The properties, with the app's dead-letter topic (limit and counters) handed to the error handlers. */
    public static Properties of(String applicationId, String deadLetterTopic, AppConfig config,
            DeadLetterTopic deadLetters) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.broker().orElse(UNSET_BROKER));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee().kafkaValue());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.threads());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.topicReplication());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // Kafka Streams 4.4's partition assignor rebuilds a StreamsConfig from the main consumer's configs alone and
        // warns that the switch above is off; handing it to the consumer too keeps that copy truthful.
        props.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Deserialization.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Processing.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Production.class);
        props.put(DeadLetterTopic.CONFIG, deadLetters);
        config.stateDir().ifPresent(dir -> props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toAbsolutePath().toString()));
        props.putAll(config.kafka());
        return props;
    }
}
