package dev.mephisto.bench;

import dev.mephisto.ProcessingGuarantee;

import java.nio.file.Path;

/**
 * One benchmarked stream job: a shape (passthrough, count, chain3), an implementation (hand-written
 * Kafka Streams or Mephisto) and a processing guarantee. Its twin is the same shape and guarantee in
 * the other implementation.
 */
record Job(Shape shape, Impl impl, ProcessingGuarantee guarantee) {

    enum Shape { PASSTHROUGH, COUNT, CHAIN3 }

    enum Impl { STREAMS, MEPHISTO }

    /** The name {@code --only} filters on, such as {@code passthrough-alos-mephisto}. */
    String name() {
        return shape.name().toLowerCase() + "-" + guaranteeName() + "-" + impl.name().toLowerCase();
    }

    String pairName() {
        return shape.name().toLowerCase() + "-" + guaranteeName();
    }

    String guaranteeName() {
        return guarantee == ProcessingGuarantee.AT_LEAST_ONCE ? "alos" : "eos";
    }

    /** Starts the job reading {@code input} and writing {@code output}. */
    RunningJob start(String bootstrap, String applicationId, String input, String output, Path stateDir) {
        return impl == Impl.STREAMS
                ? HandWrittenJobs.start(this, bootstrap, applicationId, input, output, stateDir)
                : MephistoJobs.start(this, bootstrap, applicationId, input, output, stateDir);
    }
}
