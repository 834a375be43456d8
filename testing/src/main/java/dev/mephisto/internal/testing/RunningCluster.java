package dev.mephisto.internal.testing;

import java.time.Duration;
import java.util.List;

/** A started Kafka cluster behind {@code KafkaCluster}, whatever runs it; free of backend types. */
public interface RunningCluster {

    String bootstrapServers();

    int brokerCount();

    /** The node ids of the brokers, ascending, stopped ones included. */
    List<Integer> brokerIds();

    /** Whether broker {@code id} (one of {@link #brokerIds()}) is running. */
    boolean isBrokerRunning(int id);

    /** Shuts broker {@code id} down (controlled: its leaderships move first); returns when it has stopped. */
    void stopBroker(int id, Duration timeout) throws Exception;

    /** Starts the stopped broker {@code id} again, on its old port and data; returns once it has started up. */
    void startBroker(int id, Duration timeout) throws Exception;

    /** Stops the cluster; called exactly once. */
    void close() throws Exception;
}
