package dev.mephisto.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The bundled jokes ({@code jokes.txt}: one {@code setup|punchline} a line), for {@code /joke}. */
public final class Jokes {

    private static final List<String> JOKES = load();

    private Jokes() {
    }

    /** Every bundled joke as {@code setup\npunchline}. */
    public static List<String> all() {
        return JOKES;
    }

    static String random() {
        return JOKES.get(ThreadLocalRandom.current().nextInt(JOKES.size()));
    }

    private static List<String> load() {
        InputStream in = Jokes.class.getResourceAsStream("/dev/mephisto/chat/jokes.txt");
        if (in == null) {
            throw new IllegalStateException("the bundled joke list dev/mephisto/chat/jokes.txt is missing from the"
                    + " classpath: rebuild the chat jar");
        }
        List<String> jokes = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                int bar = line.indexOf('|');
                if (!line.isBlank() && !line.startsWith("#") && bar > 0) {
                    jokes.add(line.substring(0, bar).trim() + "\n" + line.substring(bar + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(jokes);
    }
}
