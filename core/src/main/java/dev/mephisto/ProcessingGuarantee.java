package dev.mephisto;

/**
 * How often a record's effects may happen when a worker fails.
 *
 * <pre>{@code
 * App app = App.create("payments", config -> config.withProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE));
 * }</pre>
 */
public enum ProcessingGuarantee {
    /** Every record is processed; after a crash some may be processed again. Kafka's default. */
    AT_LEAST_ONCE("at_least_once"),
    /**
     * Reads, table updates and sends of a record commit together (Kafka's exactly-once v2);
     * consumers of the outputs must read with {@code isolation.level=read_committed}.
     */
    EXACTLY_ONCE("exactly_once_v2");

    private final String kafkaValue;

    ProcessingGuarantee(String kafkaValue) {
        this.kafkaValue = kafkaValue;
    }

    /** The value of Kafka Streams' {@code processing.guarantee} for this guarantee. */
    public String kafkaValue() {
        return kafkaValue;
    }
}
