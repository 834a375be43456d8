package dev.mephisto.docs.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class ScalingConfigTest {

    @Test
    void shouldPassStandbyReplicasAndExactlyOnceToKafkaStreams() {
        Properties props = ScalingConfig.app().streamsProperties();
        assertEquals(1, props.get("num.standby.replicas"));
        assertEquals("exactly_once_v2", props.getProperty("processing.guarantee"));
        assertEquals("2", String.valueOf(props.get("num.stream.threads")));
        assertEquals(12, ScalingConfig.app().config().topicPartitions());
    }
}
