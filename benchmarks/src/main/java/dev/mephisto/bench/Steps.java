package dev.mephisto.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The harness's deadlines: every step of a repetition (create topics, produce the input, start the
 * job, wait for its output, probe latency, close it) runs on a thread of its own under a deadline.
 * A step that overruns is abandoned: its thread is interrupted, what it registered with
 * {@link Step#closeOnOverrun} is closed (a producer with no grace), and {@link Overran} says which
 * step, its deadline, and where it was stuck; the repetition is then reported as failed and the run
 * goes on. A run never waits on a step for ever.
 */
final class Steps {

    private Steps() {
    }

    /** What a step gives the harness to close if it overruns: the clients it may be blocked in. */
    static final class Step {
        private final List<AutoCloseable> onOverrun = new CopyOnWriteArrayList<>();

        /** Closes {@code resource} if the step overruns; returns it. */
        <C extends AutoCloseable> C closeOnOverrun(C resource) {
            onOverrun.add(resource);
            return resource;
        }

        private List<String> closeAll() {
            List<String> failures = new ArrayList<>();
            for (AutoCloseable resource : onOverrun) {
                try {
                    resource.close();
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
            return failures;
        }
    }

    /** A step's deadline: {@code seconds} when given (above 0), else 60 s plus 1 s per 5,000 records. */
    static Duration deadline(long seconds, long records) {
        return Duration.ofSeconds(seconds > 0 ? seconds : 60 + records / 5_000);
    }

    /** A step of the harness that did not finish within its deadline. */
    static final class Overran extends RuntimeException {
        Overran(String message) {
            super(message);
        }
    }

    /** A step's work. */
    interface Body<T> {
        T run(Step step) throws Exception;
    }

    /** Runs {@code body} as step {@code name}, at most {@code limit}; its result, or its failure as is. */
    static <T> T call(String name, Duration limit, Body<T> body) throws Exception {
        Step step = new Step();
        FutureTask<T> task = new FutureTask<>(() -> body.run(step));
        Thread thread = new Thread(task, "bench-step " + name);
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            String where = stuckAt(thread);
            thread.interrupt();
            List<String> closeFailures = step.closeAll();
            throw new Overran("step '" + name + "' overran its deadline of " + seconds(limit) + " (stuck at "
                    + where + "); abandoned it" + (closeFailures.isEmpty() ? "" : ", closing " + closeFailures));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Runs {@code body} as step {@code name}, at most {@code limit}. */
    static void run(String name, Duration limit, VoidBody body) throws Exception {
        Body<Void> noResult = step -> {
            body.run(step);
            return null;
        };
        call(name, limit, noResult);
    }

    /** A step's work with no result. */
    interface VoidBody {
        void run(Step step) throws Exception;
    }

    /** The innermost frame of {@code thread} outside the JDK and this class: where a stuck step waits. */
    private static String stuckAt(Thread thread) {
        StackTraceElement[] frames = thread.getStackTrace();
        for (StackTraceElement frame : frames) {
            String type = frame.getClassName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return frame(frame);
            }
        }
        return frames.length == 0 ? "an unknown place" : frame(frames[0]);
    }

    private static String frame(StackTraceElement frame) {
        return frame.getClassName() + "." + frame.getMethodName() + "(" + frame.getFileName() + ":"
                + frame.getLineNumber() + ")";
    }

    private static String seconds(Duration limit) {
        return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    }
}
