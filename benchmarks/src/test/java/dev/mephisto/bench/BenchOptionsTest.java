package dev.mephisto.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchOptionsTest {

    /** Runs the harness with {@code args}; its exit code, and what it printed to stderr. */
    private static Object[] run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new Bench());
        command.setErr(new PrintWriter(err));
        // were the check gone, the run would do nothing (no repetitions) and exit 0, not run a benchmark
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--reps", "0", "--warmup", "0"}, 0, all, args.length, 4);
        int code = command.execute(all);
        return new Object[] {code, err.toString()};
    }

    @Test
    void shouldRefuseSideBySideWhenOnlyOneSideOfAPairIsSelected() {
        Object[] result = run("--side-by-side", "--only", "passthrough-eos-streams");

        assertEquals(2, result[0], "a usage error, before any broker starts");
        assertTrue(((String) result[1]).contains("--side-by-side runs a job with its twin, but --only selects one side"
                + " of passthrough-eos: select both (for example --only passthrough-eos)"), (String) result[1]);
    }

    @Test
    void shouldRefuseTheAaCheckWithoutSideBySide() {
        Object[] result = run("--twin-against-itself", "--only", "passthrough-eos");

        assertEquals(2, result[0]);
        assertTrue(((String) result[1]).contains("--twin-against-itself checks --side-by-side: give both"),
                (String) result[1]);
    }
}
