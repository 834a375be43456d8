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
            err.println("error: " + e.getMessage() + " (see '" + app.name() + sub + " --help')");
            err.flush();
            return 2;
        });
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
