package dev.mephisto.internal.worker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RebuildBudgetTest {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    @Test
    void shouldRefuseARebuildWhenTheMaximumBeganWithinTheWindow() {
        RebuildBudget budget = new RebuildBudget(3, Duration.ofMinutes(10));

        assertTrue(budget.tryRebuild(0));
        assertTrue(budget.tryRebuild(MINUTE));
        assertTrue(budget.tryRebuild(2 * MINUTE));
        assertFalse(budget.tryRebuild(3 * MINUTE));
    }

    @Test
    void shouldAllowARebuildAgainWhenTheOldestLeftTheWindow() {
        RebuildBudget budget = new RebuildBudget(2, Duration.ofMinutes(10));
        assertTrue(budget.tryRebuild(0));
        assertTrue(budget.tryRebuild(MINUTE));
        assertFalse(budget.tryRebuild(5 * MINUTE));

        assertTrue(budget.tryRebuild(11 * MINUTE));
        assertFalse(budget.tryRebuild(11 * MINUTE));
    }
}
