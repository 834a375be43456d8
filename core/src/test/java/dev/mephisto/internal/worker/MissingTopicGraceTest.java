package dev.mephisto.internal.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class MissingTopicGraceTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void shouldReplaceThreadsWithinTheGraceAndStopAfterIt() {
        MissingTopicGrace grace = new MissingTopicGrace(Duration.ofSeconds(60));
        assertTrue(grace.replace(100 * SECOND));
        assertTrue(grace.replace(130 * SECOND));
        assertTrue(grace.replace(160 * SECOND));
        assertEquals(3, grace.replaced());
        assertFalse(grace.replace(161 * SECOND), "a topic missing 61 s after the first failure stops the worker");
    }

    @Test
    void shouldStartANewGraceOnceTheWorkerRanAgain() {
        MissingTopicGrace grace = new MissingTopicGrace(Duration.ofSeconds(60));
        assertTrue(grace.replace(0));
        grace.recovered();
        assertEquals(0, grace.replaced());
        assertTrue(grace.replace(3_600 * SECOND), "an hour later a new streak begins");
        assertTrue(grace.replace(3_650 * SECOND));
    }

    @Test
    void shouldRecogniseAMissingTopicOnlyInTheCauseChain() {
        assertTrue(MissingTopicGrace.isMissingTopic(new MissingSourceTopicException("gone")));
        assertTrue(MissingTopicGrace.isMissingTopic(new StreamsException(new MissingSourceTopicException("gone"))));
        assertFalse(MissingTopicGrace.isMissingTopic(new StreamsException("a bug")));
        assertFalse(MissingTopicGrace.isMissingTopic(new IllegalStateException(new RuntimeException())));
    }
}
