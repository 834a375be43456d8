package dev.mephisto;

import java.util.List;

/**
 * The app's declarations do not fit together: a name used twice, a send to a topic the app does
 * not declare, a table used but not declared, an app with nothing to run. The message lists every
 * problem found, each naming the agent, topic or table and what to change.
 *
 * <pre>{@code
 * try {
 *     app.topology();
 * } catch (InvalidAppException e) {
 *     e.problems().forEach(System.err::println);
 * }
 * }</pre>
 */
public class InvalidAppException extends IllegalStateException {

    private final List<String> problems;

    public InvalidAppException(String app, List<String> problems) {
        super(message(app, problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, one sentence each. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String app, List<String> problems) {
        if (problems.size() == 1) {
            return "app '" + app + "': " + problems.get(0);
        }
        StringBuilder text = new StringBuilder("app '" + app + "' has " + problems.size() + " problems:");
        problems.forEach(problem -> text.append("\n  - ").append(problem));
        return text.toString();
    }
}
