package dev.mephisto.cli;

import dev.mephisto.App;
import dev.mephisto.CodecException;
import dev.mephisto.InvalidAppException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line of every Mephisto app, in Faust's vocabulary: {@code worker}, {@code broker},
 * {@code send}, {@code topology}, {@code topics}, {@code agents}, {@code tables}, {@code get},
 * {@code reset}, plus the app's own commands. {@link App#main(String...)} runs it and exits.
 *
 * <pre>{@code
 * int exitCode = Cli.run(app, "send", "orders", "{\"id\":1}", "--key", "1");
 * }</pre>
 */
public final class Cli {

    private Cli() {
    }

    /** Runs one command line against the app with the process's environment and standard streams. */
    public static int run(App app, String... args) {
        return run(app, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs one command line with this environment and these streams; returns the exit code. */
    public static int run(App app, Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
        Objects.requireNonNull(app, "app can't be null");
        CliContext ctx = new CliContext(app, Map.copyOf(env), out, err);
        CommandLine commandLine = new CommandLine(new Root());
        commandLine.setCommandName(app.name());
        commandLine.addSubcommand(new WorkerCommand(ctx));
        commandLine.addSubcommand(new BrokerCommand(ctx));
        commandLine.addSubcommand(new SendCommand(ctx));
        commandLine.addSubcommand(new TopologyCommand(ctx));
        commandLine.addSubcommand(new ListCommands.Topics(ctx));
        commandLine.addSubcommand(new ListCommands.Agents(ctx));
        commandLine.addSubcommand(new ListCommands.Tables(ctx));
        commandLine.addSubcommand(new GetCommand(ctx));
        commandLine.addSubcommand(new ResetCommand(ctx));
        commandLine.addSubcommand(new DlqCommand(ctx));
        for (Object command : app.commands()) {
            commandLine.addSubcommand(command);
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            String sub = e.getCommandLine() == commandLine ? "" : " " + e.getCommandLine().getCommandName();
            err.println("error: " + usageProblem(commandLine, e) + " (see '" + app.name() + sub + " --help')");
            err.flush();
            return 2;
        });
        commandLine.setExecutionStrategy(Cli::execute);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (isUserError(e)) {
                err.println("error: " + oneLine(e.getMessage()));
            } else {
                err.println("error: " + e);
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return commandLine.execute(args);
    }

    /**
     * Runs the chosen command. Unknown words are refused even beside {@code --help} (picocli would print the help and
     * exit 0), and a Kafka client command runs with Kafka's client logs silenced.
     */
    private static int execute(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult chosen = parsed;
        while (chosen.hasSubcommand()) {
            chosen = chosen.subcommand();
        }
        boolean takesAnyWords = chosen.commandSpec().parser().unmatchedArgumentsAllowed()
                || !chosen.commandSpec().unmatchedArgsBindings().isEmpty();
        if (!chosen.unmatched().isEmpty() && !takesAnyWords) {
            throw new CommandLine.UnmatchedArgumentException(chosen.commandSpec().commandLine(), chosen.unmatched());
        }
        if (chosen.commandSpec().userObject() instanceof ClientCommand) {
            try (QuietKafkaLogs quiet = QuietKafkaLogs.silence()) {
                return new CommandLine.RunLast().execute(parsed);
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    private static String usageProblem(CommandLine root, CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && e.getCommandLine() == root
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            return "unknown command '" + unmatched.getUnmatched().get(0) + "'; the commands are "
                    + String.join(", ", root.getSubcommands().keySet());
        }
        return e.getMessage();
    }

    private static boolean isUserError(Throwable e) {
        return e instanceof UserError || e instanceof InvalidAppException || e instanceof CodecException
                || e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof org.apache.kafka.common.errors.TimeoutException;
    }

    private static String oneLine(String message) {
        return message == null ? "(no message)" : message.replace("\n  - ", " | ").replace('\n', ' ');
    }

    @Command(mixinStandardHelpOptions = true, description = "A Mephisto app: run 'worker' to start it.")
    static final class Root implements Runnable {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }
}
