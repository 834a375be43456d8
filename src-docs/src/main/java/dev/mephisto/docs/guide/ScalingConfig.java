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
                .topicPartitions(12)                                     // the most workers that can share the load
                .topicReplication(3)                                     // topics, changelogs and repartitions
                .threads(2)                                        // tasks per worker run on 2 threads
                .processingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)   // Kafka's exactly-once v2
                .kafka("num.standby.replicas", 1)                        // a warm copy of every table elsewhere
                .statsInterval(Duration.ofSeconds(30)));                 // one STATS line per agent
        // end::scaling[]
    }
}
