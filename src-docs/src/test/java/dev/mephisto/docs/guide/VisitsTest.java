package dev.mephisto.docs.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mephisto.DeadLetter;
import dev.mephisto.docs.guide.Visits.Seen;
import dev.mephisto.docs.guide.Visits.Visit;
import dev.mephisto.testing.AppTestDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What joins.md says the visits sample does. */
class VisitsTest {

    private static final Instant T = AppTestDriver.DEFAULT_START;

    private final Visits visits = new Visits();
    private final AppTestDriver driver = AppTestDriver.create(visits.app);

    @AfterEach
    void close() {
        driver.close();
    }

    // tag::test[]
    @Test
    void shouldCountPagesPerVisitAndReportEachVisitOnceWhenItCloses() {
        driver.send(visits.views, "ada", "/home", T);
        driver.send(visits.views, "ada", "/cart", T.plus(Duration.ofMinutes(3)));
        driver.send(visits.views, "bob", "/home", T.plus(Duration.ofMinutes(4)));
        assertEquals(List.of(new Seen("ada", 1, true), new Seen("ada", 2, true), new Seen("bob", 1, true)),
                driver.readValues(visits.seen));

        // nobody clicks: the wall clock moves stream time on; ada's visit closes 5 min (+30 s grace) after /cart,
        // bob's is still open
        driver.advanceWallClock(Duration.ofMinutes(5));
        assertEquals(List.of(new Visit("ada", T.toString(), T.plus(Duration.ofMinutes(3)).plusMillis(1).toString(), 2)),
                driver.readValues(visits.visits));

        driver.send(visits.views, "ada", "/late", T.plusSeconds(10));       // for a visit already reported
        assertEquals(List.of(DeadLetter.Kind.LATE), driver.deadLetters().stream().map(DeadLetter::kind).toList());
        assertTrue(driver.isEmpty(visits.seen));
    }
    // end::test[]
}
