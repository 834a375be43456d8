package dev.mephisto.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class StepsTest {

    @Test
    void shouldAbandonAStepThatIgnoresInterruptsWhenItsDeadlineFires() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        long began = System.nanoTime();

        Steps.Overran overran = assertThrows(Steps.Overran.class, () -> Steps.run("produce 5 records to t", Duration.ofMillis(300),
                step -> {
                    step.closeOnOverrun(() -> closed.set(true));
                    while (!closed.get()) {
                        Thread.onSpinWait(); // deaf to interrupts: only closing its client ends it, like a producer
                    }
                    stopped.countDown();
                }));

        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began) < 30, "the deadline fired late");
        assertTrue(overran.getMessage().startsWith("step 'produce 5 records to t' overran its deadline of 300 ms"
                + " (stuck at dev.mephisto.bench.StepsTest"), overran.getMessage());
        assertTrue(closed.get(), "what the step registered was not closed");
        assertTrue(stopped.await(10, TimeUnit.SECONDS), "the abandoned step still runs");
    }

    @Test
    void shouldInterruptAStepThatWaitsWhenItsDeadlineFires() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);

        assertThrows(Steps.Overran.class, () -> Steps.run("await output", Duration.ofMillis(200), step -> {
            try {
                Thread.sleep(TimeUnit.HOURS.toMillis(1));
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        }));

        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the overrun step was not interrupted");
    }

    @Test
    void shouldPassAStepsResultAndFailureThroughWhenItEndsInTime() throws Exception {
        Integer answer = Steps.call("answer", Duration.ofSeconds(30), step -> 42);
        assertEquals(42, answer);
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> Steps.run("fail", Duration.ofSeconds(30), step -> {
                    throw new IllegalStateException("broken");
                }));
        assertEquals("broken", failure.getMessage());
    }
}
