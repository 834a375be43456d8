package dev.mephisto.chat.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The module's fat jar, run as a user runs it: {@code java -jar target/mephisto-chat.jar ...}. */
final class ChatJar {

    static final Path JAR = Path.of("target", "mephisto-chat.jar").toAbsolutePath();

    private ChatJar() {
    }

    static List<String> command(String... args) {
        if (!Files.isRegularFile(JAR)) {
            throw new AssertionError(JAR + " is missing: the ITs run after 'package' builds it (mvn verify)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts the jar with its output in {@code log}. */
    static Process start(Path log, String... args) throws IOException {
        return new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Runs the jar to its end (60 s at most) and returns its output; fails on a non-zero exit. */
    static String run(String... args) throws Exception {
        Process process = new ProcessBuilder(command(args)).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("java -jar mephisto-chat.jar " + String.join(" ", args) + " did not finish in 60 s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError("java -jar mephisto-chat.jar " + String.join(" ", args) + " exited "
                    + process.exitValue() + ":\n" + text);
        }
        return text;
    }

    static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
