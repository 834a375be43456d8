package dev.mephisto.docs.guide;

import dev.mephisto.App;
import dev.mephisto.ProcessingGuarantee;
import java.time.Duration;

/** The settings scaling.md talks about. */
public final class ScalingConfig {

    private ScalingConfig() {
    }

    public static App app() {
        // tag::scaling[]
        return App.create("payments", config -> config
                .withTopicPartitions(12)                                     // the most workers that can share the load
                .withTopicReplication(3)                                     // topics, changelogs and repartitions
                .withThreads(2)                                        // tasks per worker run on 2 threads
                .withProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)   // Kafka's exactly-once v2
                .withKafka("num.standby.replicas", 1)                        // a warm copy of every table elsewhere
                .withStatsInterval(Duration.ofSeconds(30)));                 // one STATS line per agent
        // end::scaling[]
    }
}
