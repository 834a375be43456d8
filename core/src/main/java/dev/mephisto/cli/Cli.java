package dev.mephisto.cli;

import dev.mephisto.App;
import dev.mephisto.CodecException;
import dev.mephisto.InvalidAppException;
import dev.mephisto.Setting;
import dev.mephisto.WorkerOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line of every Mephisto app, in Faust's vocabulary: {@code worker}, {@code broker},
 * {@code send}, {@code topology}, {@code topics}, {@code agents}, {@code tables}, {@code get},
 * {@code reset}, {@code dlq}, plus the app's own commands and settings. It parses first, resolves
 * the settings (code defaults &lt; {@code --config} file &lt; environment &lt; flags), and only then
 * builds the app with them, so an app never reads argv or the environment itself.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Cli.main(args, settings -> WordCount.app());
 * }
 * }</pre>
 *
 * @param <A> what the app function builds: an {@link App}, or an app type of your own holding one
 */
public final class Cli<A> {

    private final Function<dev.mephisto.Settings, A> factory;
    private final Function<A, App> appOf;
    private final List<Setting<?>> appSettings = new ArrayList<>();
    private final List<Function<CliContext<A>, Object>> commands = new ArrayList<>();
    private Map<String, String> env = System.getenv();
    private PrintWriter out;
    private PrintWriter err;
    private String name;
    private String version;
    private Consumer<WorkerOptions> dryRunWorker;

    private Cli(Function<dev.mephisto.Settings, A> factory, Function<A, App> appOf) {
        this.factory = Objects.requireNonNull(factory, "the app function can't be null");
        this.appOf = Objects.requireNonNull(appOf, "appOf can't be null");
    }

    /** A command line for the app that {@code app} builds from the resolved settings. */
    public static Cli<App> of(Function<dev.mephisto.Settings, App> app) {
        return new Cli<>(app, Function.identity());
    }

    /**
     * A command line for an app type of your own ({@code ChatApp}, {@code PaymentsApp}) that holds the
     * Mephisto {@link App}; its commands get it from {@link CliContext#built()}.
     *
     * <pre>{@code
     * Cli.of(settings -> ChatApp.create(ChatOptions.from(settings)), ChatApp::app).settings(ChatOptions.SETTINGS)
     * }</pre>
     */
    public static <A> Cli<A> of(Function<dev.mephisto.Settings, A> factory, Function<A, App> appOf) {
        return new Cli<>(factory, appOf);
    }

    /**
     * Runs one command line with the process's environment and streams and exits the JVM with its
     * code (Faust's {@code app.main()}): a one-file app's whole {@code main}.
     */
    public static void main(String[] args, Function<dev.mephisto.Settings, App> app) {
        System.exit(of(app).run(args));
    }

    /**
     * Declares the app's own settings: each becomes a flag of the top-level command and of
     * {@code worker}, an environment variable and a config-file key, listed in their {@code --help}.
     */
    public Cli<A> settings(Collection<? extends Setting<?>> settings) {
        Objects.requireNonNull(settings, "settings can't be null");
        settings.forEach(setting -> appSettings.add(Objects.requireNonNull(setting, "a setting is null")));
        return this;
    }

    /**
     * Adds a command of the app's own: a picocli {@code @Command} object made from the context, which
     * gives it the app only once it runs.
     *
     * <pre>{@code
     * cli.command(ctx -> new SimulateCommand(ctx));
     * }</pre>
     */
    public Cli<A> command(Function<CliContext<A>, Object> command) {
        commands.add(Objects.requireNonNull(command, "command can't be null"));
        return this;
    }

    /** The name in usage and help ({@code Usage: payments send ...}); the app's name unless set. */
    public Cli<A> name(String name) {
        this.name = Objects.requireNonNull(name, "name can't be null");
        return this;
    }

    /**
     * The app's version, which {@code --version} prints above Mephisto's and Kafka's; unless set, the
     * {@code Implementation-Version} of the jar holding the app's code.
     *
     * <pre>{@code
     * Cli.of(settings -> WordCount.app()).version("1.4.2").run(args);
     * }</pre>
     */
    public Cli<A> version(String version) {
        this.version = Objects.requireNonNull(version, "version can't be null");
        return this;
    }

    /** Runs with this environment instead of the process's (tests). */
    public Cli<A> env(Map<String, String> env) {
        this.env = Objects.requireNonNull(env, "env can't be null");
        return this;
    }

    /** Prints results here instead of standard output (tests). */
    public Cli<A> out(PrintWriter out) {
        this.out = Objects.requireNonNull(out, "out can't be null");
        return this;
    }

    /** Prints errors here instead of standard error (tests). */
    public Cli<A> err(PrintWriter err) {
        this.err = Objects.requireNonNull(err, "err can't be null");
        return this;
    }

    /** Makes {@code worker} hand its resolved options to {@code options} instead of starting (tests). */
    Cli<A> dryRunWorker(Consumer<WorkerOptions> options) {
        this.dryRunWorker = options;
        return this;
    }

    /** Runs one command line and returns its exit code: 0 done, 1 failed, 2 a usage error. */
    public int run(String... args) {
        PrintWriter out = this.out != null ? this.out : new PrintWriter(System.out, true);
        PrintWriter err = this.err != null ? this.err : new PrintWriter(System.err, true);
        List<Setting<?>> declared = new ArrayList<>(WorkerOptions.SETTINGS);
        declared.addAll(appSettings);
        CliContext<A> ctx = new CliContext<>(factory, appOf, List.copyOf(declared), env, out, err);
        Map<OptionSpec, Setting<?>> settingOptions = new IdentityHashMap<>();
        CommandLine commandLine = new CommandLine(new Root());
        commandLine.setCommandName(name == null ? "app" : name);
        addOptions(commandLine.getCommandSpec(), appSettings, settingOptions);
        CommandLine worker = new CommandLine(new WorkerCommand(ctx, dryRunWorker));
        addOptions(worker.getCommandSpec(), declared, settingOptions);
        commandLine.addSubcommand(worker);
        commandLine.addSubcommand(new BrokerCommand(ctx));
        commandLine.addSubcommand(new SendCommand(ctx));
        commandLine.addSubcommand(new TopologyCommand(ctx));
        commandLine.addSubcommand(new ListCommands.Topics(ctx));
        commandLine.addSubcommand(new ListCommands.Agents(ctx));
        commandLine.addSubcommand(new ListCommands.Tables(ctx));
        commandLine.addSubcommand(new GetCommand(ctx));
        commandLine.addSubcommand(new ResetCommand(ctx));
        commandLine.addSubcommand(new DlqCommand(ctx));
        for (Function<CliContext<A>, Object> command : commands) {
            commandLine.addSubcommand(Objects.requireNonNull(command.apply(ctx), "an app command function returned"
                    + " null"));
        }
        Versions versions = new Versions(commandLine::getCommandName, version, factory.getClass());
        commandLine.getCommandSpec().versionProvider(versions);
        commandLine.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(versions));
        commandLine.setUsageHelpWidth(120);   // settings' variables and keys read better unbroken
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            nameFromApp(commandLine, ctx);
            String sub = e.getCommandLine() == commandLine ? "" : " " + e.getCommandLine().getCommandName();
            err.println("error: " + usageProblem(commandLine, e) + " (see '" + commandLine.getCommandName() + sub
                    + " --help')");
            err.flush();
            return 2;
        });
        commandLine.setExecutionStrategy(parsed -> execute(parsed, ctx, settingOptions, commandLine));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> failed(e, err));
        return commandLine.execute(args);
    }

    /** Adds one option per setting, whose help names its variable, key and default. */
    private static void addOptions(CommandSpec spec, List<Setting<?>> settings, Map<OptionSpec, Setting<?>> byOption) {
        for (Setting<?> setting : settings) {
            if (spec.findOption(setting.flag()) != null) {
                Setting<?> owner = byOption.get(spec.findOption(setting.flag()));
                throw new IllegalArgumentException("setting " + setting.key() + " wants flag " + setting.flag()
                        + ", which " + (owner == null ? "command '" + spec.name() + "' has" : "setting " + owner.key()
                        + " takes") + ": give the setting another key");
            }
            OptionSpec option = OptionSpec.builder(setting.flag()).paramLabel(setting.label()).type(String.class)
                    .description(setting.description() + " (" + setting.env() + ", " + setting.key()
                            + setting.defaultText().map(text -> "; default " + text).orElse("") + ")")
                    .build();
            spec.addOption(option);
            byOption.put(option, setting);
        }
    }

    /**
     * Resolves the settings from what was parsed, then runs the chosen command. Unknown words are refused even beside
     * {@code --help} (picocli would print the help and exit 0), and a Kafka client command runs with Kafka's client
     * logs silenced.
     */
    private int execute(CommandLine.ParseResult parsed, CliContext<A> ctx, Map<OptionSpec, Setting<?>> settingOptions,
            CommandLine root) {
        Map<String, String> flags = new LinkedHashMap<>();
        Path config = null;
        CommandLine.ParseResult chosen = parsed;
        while (true) {
            for (OptionSpec option : chosen.matchedOptions()) {
                Setting<?> setting = settingOptions.get(option);
                if (setting != null) {
                    flags.put(setting.key(), option.getValue());
                }
            }
            config = configOf(chosen.commandSpec(), flags, config);
            if (!chosen.hasSubcommand()) {
                break;
            }
            chosen = chosen.subcommand();
        }
        ctx.parsed(flags, config);
        boolean helpOnly = parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()
                || chosen.isUsageHelpRequested() || chosen.isVersionHelpRequested();
        if (helpOnly) {
            nameFromApp(root, ctx);
        } else if (name == null) {
            try {
                root.setCommandName(ctx.app().name());
            } catch (RuntimeException e) {
                return failed(e, ctx.err());
            }
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

    /** The {@code --config} of this command and the broker flags of its {@link BrokerOptions}, if any. */
    private static Path configOf(CommandSpec spec, Map<String, String> flags, Path config) {
        Path chosen = config;
        if (spec.userObject() instanceof Root root && root.config != null) {
            chosen = root.config;
        }
        if (spec.userObject() instanceof WorkerCommand worker && worker.config != null) {
            chosen = worker.config;
        }
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof BrokerOptions broker) {
                if (broker.config != null) {
                    chosen = broker.config;
                }
                if (broker.broker != null) {
                    flags.put(WorkerOptions.BROKER.key(), broker.broker);
                }
                if (broker.dataDir != null) {
                    flags.put(WorkerOptions.DATA_DIR.key(), broker.dataDir.toString());
                }
            }
        }
        return chosen;
    }

    /** Names the usage after the app when no name was given and the app builds; help must print even if it does not. */
    private void nameFromApp(CommandLine root, CliContext<A> ctx) {
        if (name != null) {
            return;
        }
        try {
            root.setCommandName(ctx.app().name());
        } catch (RuntimeException e) {
            // the help or the usage error is worth more than the name; the command itself reports the failure
        }
    }

    private static int failed(Exception e, PrintWriter err) {
        if (isUserError(e)) {
            err.println("error: " + oneLine(e.getMessage()));
        } else {
            err.println("error: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
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

    @Command(mixinStandardHelpOptions = true, description = {"A Mephisto app: run 'worker' to start it.",
        "The app's settings below are also environment variables and config-file keys, as shown;"
                + " 'worker --help' lists the worker's."})
    static final class Root implements Runnable {

        @CommandLine.Spec
        CommandSpec spec;

        @CommandLine.Option(names = "--config", paramLabel = "FILE",
                description = "Properties file of settings (by key) and Kafka properties.")
        Path config;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }
}
