package dev.mephisto.payments;

import dev.mephisto.cli.Cli;

/**
 * The fat jar's entry point: {@code java -jar mephisto-payments.jar worker}, {@code simulate},
 * {@code get balances <accountId>}, {@code send}, {@code topology} and the rest of Mephisto's CLI.
 *
 * <pre>{@code
 * java -jar mephisto-payments.jar worker                  # embedded broker, HTTP on 6066
 * java -jar mephisto-payments.jar simulate --rate 2000 --duration 30s --accounts 100
 * }</pre>
 */
public final class PaymentsMain {

    private PaymentsMain() {
    }

    public static void main(String[] args) {
        PaymentsSettings settings;
        try {
            settings = PaymentsSettings.fromEnvironment(System.getenv(), System.getProperties());
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(Cli.run(PaymentsApp.create(settings).app(), args));
    }
}
