package dev.mephisto.payments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The payments fat jar as a child process, as an operator runs it: {@code java -jar
 * mephisto-payments.jar worker ...}, its output in a file, stopped with SIGTERM or killed with
 * SIGKILL.
 */
final class WorkerProcess {

    /** Where {@code mvn package} puts the fat jar; failsafe runs after it. */
    static final Path JAR = Path.of("target", "mephisto-payments.jar");

    private static final Pattern READY = Pattern.compile("worker running app=payments readyMs=(\\d+)");
    private static final Pattern WEB = Pattern.compile("worker started app=payments .* web=(\\d+)");

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java -jar mephisto-payments.jar <args>} with these extra environment variables. */
    static WorkerProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run 'mvn -pl payments-example verify'"
                    + " (package builds the fat jar before the integration tests)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "worker-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new WorkerProcess(builder.start(), log);
    }

    /** Waits until the worker logs that it is RUNNING. */
    WorkerProcess awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!READY.matcher(output()).find()) {
            if (!process.isAlive()) {
                throw new AssertionError("worker exited with " + process.exitValue() + " before RUNNING; output:\n"
                        + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("worker not RUNNING after " + timeout + "; output:\n" + output());
            }
            Thread.sleep(100);
        }
        return this;
    }

    /** The HTTP port the worker chose. */
    int webPort() {
        Matcher matcher = WEB.matcher(output());
        if (!matcher.find()) {
            throw new AssertionError("worker did not log its HTTP port; output:\n" + output());
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** SIGKILL: no shutdown hook, no commit, no leaving the group. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("worker survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM, and the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("worker did not stop within 60 s after SIGTERM; output:\n" + output());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
