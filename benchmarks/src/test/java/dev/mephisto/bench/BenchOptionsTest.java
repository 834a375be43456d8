package dev.mephisto.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchOptionsTest {

    /** What a run of the harness gave: its exit code, and what it printed to stderr. */
    private record Outcome(int code, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new Bench());
        command.setErr(new PrintWriter(err));
        // were the check gone, the run would do nothing (no repetitions) and exit 0, not run a benchmark
        String[] all = Stream.concat(Stream.of(args), Stream.of("--reps", "0", "--warmup", "0")).toArray(String[]::new);
        int code = command.execute(all);
        return new Outcome(code, err.toString());
    }

    @Test
    void shouldRefuseSideBySideWhenOnlyOneSideOfAPairIsSelected() {
        Outcome result = run("--side-by-side", "--only", "passthrough-eos-streams");

        assertEquals(2, result.code(), "a usage error, before any broker starts");
        assertTrue(result.err().contains("--side-by-side runs a job with its twin, but --only selects one side"
                + " of passthrough-eos: select both (for example --only passthrough-eos)"), result.err());
    }

    @Test
    void shouldRefuseTheAaCheckWithoutSideBySide() {
        Outcome result = run("--twin-against-itself", "--only", "passthrough-eos");

        assertEquals(2, result.code());
        assertTrue(result.err().contains("--twin-against-itself checks --side-by-side: give both"), result.err());
    }
}
