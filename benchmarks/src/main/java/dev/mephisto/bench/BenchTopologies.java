package dev.mephisto.bench;

import dev.mephisto.App;
import dev.mephisto.ProcessingGuarantee;
import org.apache.kafka.streams.Topology;

import java.nio.file.Path;
import java.util.Locale;

/** The benchmarked topologies, for the JMH benchmarks: by shape name (passthrough, chain3, count). */
public final class BenchTopologies {

    private BenchTopologies() {
    }

    public static App mephistoApp(String shape, String input, String output, Path stateDir) {
        Job job = new Job(shape(shape), Job.Impl.MEPHISTO, ProcessingGuarantee.AT_LEAST_ONCE);
        return MephistoJobs.app(job, "jmh-mephisto", input, output, stateDir);
    }

    public static Topology handWritten(String shape, String input, String output) {
        return HandWrittenJobs.topology(shape(shape), input, output);
    }

    private static Job.Shape shape(String name) {
        return Job.Shape.valueOf(name.toUpperCase(Locale.ROOT));
    }
}
