package dev.mephisto.examples;

import dev.mephisto.cli.Cli;

/** The word count app as a program: {@code WordCountMain worker --broker ...}. */
public final class WordCountMain {

    private WordCountMain() {
    }

    public static void main(String[] args) {
        Cli.main(args, settings -> new WordCount().app);
    }
}
