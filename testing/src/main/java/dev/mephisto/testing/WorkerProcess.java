package dev.mephisto.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An app's command line run as a separate JVM, as an operator runs it, for integration tests that
 * need a real process: stop it with SIGTERM ({@link #stop()}) or kill it with SIGKILL
 * ({@link #kill()}) mid-stream. Its output goes to a file in the directory you give.
 *
 * <pre>{@code
 * WorkerProcess worker = WorkerProcess.ofJar(Path.of("target/payments.jar"), tempDir, Map.of(),
 *         "worker", "--broker", kafka.bootstrapServers(), "--web-port", "0")
 *     .awaitRunning(Duration.ofSeconds(90));
 * worker.kill();
 * }</pre>
 */
public final class WorkerProcess {

    private static final Pattern RUNNING = Pattern.compile("worker running app=\\S+ readyMs=(\\d+)");
    private static final Pattern WEB = Pattern.compile("worker started app=\\S+ .*web=(\\d+)");

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Runs {@code java -jar <jar> <args>}; {@code env} adds environment variables. */
    public static WorkerProcess ofJar(Path jar, Path logDir, Map<String, String> env, String... args)
            throws IOException {
        Objects.requireNonNull(jar, "jar can't be null");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build it first (mvn package runs"
                    + " before the integration tests of mvn verify)");
        }
        return start(List.of("-jar", jar.toAbsolutePath().toString()), logDir, env, args);
    }

    /** Runs {@code main} with this JVM's classpath: {@code java -cp <classpath> <main> <args>}. */
    public static WorkerProcess ofMain(Class<?> main, Path logDir, Map<String, String> env, String... args)
            throws IOException {
        Objects.requireNonNull(main, "main can't be null");
        return start(List.of("-cp", System.getProperty("java.class.path"), main.getName()), logDir, env, args);
    }

    private static WorkerProcess start(List<String> what, Path logDir, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(what);
        command.addAll(List.of(args));
        Files.createDirectories(logDir);
        Path log = Files.createTempFile(logDir, "worker-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new WorkerProcess(builder.start(), log);
    }

    /** Waits until the worker logs that it is RUNNING; fails with its output if it exits or times out. */
    public WorkerProcess awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (readyMs() < 0) {
            if (!process.isAlive()) {
                throw new AssertionError("the worker exited with " + process.exitValue() + " before RUNNING;"
                        + " output:\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the worker is not RUNNING after " + timeout + "; output:\n" + output());
            }
            Thread.sleep(50);
        }
        return this;
    }

    /** How long the worker said it took from start to RUNNING, or -1 before it did. */
    public long readyMs() {
        Matcher matcher = RUNNING.matcher(output());
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /** The HTTP port the worker chose (handy with {@code --web-port 0}). */
    public int webPort() {
        Matcher matcher = WEB.matcher(output());
        if (!matcher.find()) {
            throw new AssertionError("the worker has not logged its HTTP port; output:\n" + output());
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** The resident memory of the process in kilobytes (Linux), or -1 when unknown. */
    public long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** SIGTERM, then the exit code; fails if the process is still alive 60 s later. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the worker did not stop within 60 s after SIGTERM; output:\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown, no commit, no leaving the group. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the worker survived SIGKILL for 30 s");
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
