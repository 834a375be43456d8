package dev.mephisto.internal.testing;

/** A started Kafka cluster behind {@code KafkaCluster}, whatever runs it; free of backend types. */
public interface RunningCluster {

    String bootstrapServers();

    int brokerCount();

    /** Stops the cluster; called exactly once. */
    void close() throws Exception;
}
