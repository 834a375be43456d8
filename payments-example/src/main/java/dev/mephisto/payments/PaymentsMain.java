package dev.mephisto.payments;

import dev.mephisto.Settings;
import dev.mephisto.cli.Cli;
import java.util.function.Function;

/**
 * The fat jar's entry point: {@code java -jar mephisto-payments.jar worker}, {@code simulate},
 * {@code get balances <accountId>}, {@code send}, {@code topology} and the rest of Mephisto's CLI.
 * The payments settings ({@link PaymentsSettings#SETTINGS}) are flags of the top-level command and of
 * {@code worker}, {@code PAYMENTS_*} environment variables and {@code payments.*} keys of the
 * {@code --config} file, all listed by {@code --help}.
 *
 * <pre>{@code
 * java -jar mephisto-payments.jar worker --partitions 6    # embedded broker, HTTP on 6066
 * java -jar mephisto-payments.jar simulate --rate 2000 --duration 30s --accounts 100
 * }</pre>
 */
public final class PaymentsMain {

    private PaymentsMain() {
    }

    public static void main(String[] args) {
        System.exit(cli(settings -> PaymentsApp.create(PaymentsSettings.from(settings))).run(args));
    }

    /** The payments command line over the app that {@code payments} builds from the resolved settings. */
    static Cli<PaymentsApp> cli(Function<Settings, PaymentsApp> payments) {
        return Cli.of(payments, PaymentsApp::app)
                .settings(PaymentsSettings.SETTINGS)
                .command(SimulateCommand::new);
    }
}
