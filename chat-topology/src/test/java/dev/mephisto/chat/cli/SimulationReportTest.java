package dev.mephisto.chat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.HdrHistogram.SynchronizedHistogram;
import org.junit.jupiter.api.Test;

class SimulationReportTest {

    @Test
    void shouldSayUsersCouldNotJoinAndExit1WhenJoinsWereDenied() {
        // 200 users over rooms 0 to 9 against a worker with rooms 0 to 4: the joins to rooms 5 to 9 are denied
        Simulation.Report report = report(0, 100, Map.of("DENIED_BADROOMID", 100L),
                "room 7 does not exist: rooms are 0 to 4");

        String printed = print(report);
        assertTrue(printed.contains("users could not join: 100 of 300 joins were denied {DENIED_BADROOMID=100},"
                + " e.g. \"room 7 does not exist: rooms are 0 to 4\"; simulate with the worker's rooms (--rooms) and"
                + " at most its capacity per room (--users), or run --with-worker"), printed);
        assertEquals(1, report.exitCode(), "a simulation whose users could not join fails");
    }

    @Test
    void shouldExit1WhenADeliveryWasLost() {
        assertEquals(1, report(3, 0, Map.of(), null).exitCode());
    }

    @Test
    void shouldExit0AndSayNothingOfDenialsWhenEveryoneJoinedAndEverythingArrived() {
        Simulation.Report report = report(0, 0, Map.of(), null);
        assertEquals(0, report.exitCode());
        assertFalse(print(report).contains("could not join"), print(report));
    }

    private static Simulation.Report report(long lost, long denied, Map<String, Long> deniedBy, String reason) {
        return new Simulation.Report(200, 10, 60.0, Duration.ofSeconds(15), 1_000, 5_000, 6_000, lost, 0, 300, denied,
                3, 2, 0, new SynchronizedHistogram(3_600_000L, 3), deniedBy, reason);
    }

    private static String print(Simulation.Report report) {
        StringWriter out = new StringWriter();
        report.print(new PrintWriter(out));
        return out.toString();
    }
}
