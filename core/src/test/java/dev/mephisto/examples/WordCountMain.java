package dev.mephisto.examples;

/** The word count app as a program: {@code WordCountMain worker --broker ...}. */
public final class WordCountMain {

    private WordCountMain() {
    }

    public static void main(String[] args) {
        new WordCount().app.main(args);
    }
}
