package dev.mephisto.payments;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The payments picture a user opens with {@code topology --format html}: offline, and its overview fits 1200 px. */
class PaymentsTopologyPageTest {

    @Test
    void shouldDrawTheDeclaredPaymentsPictureWithinTwelveHundredPixelsAndWithoutTheNetwork() throws Exception {
        String page = PaymentsApp.create(PaymentsSettings.defaults()).app().topologyHtml();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "payments-topology.html"), page);

        assertFalse(page.contains("<script"), "no script");
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(page).find(), "nothing from elsewhere");
        Matcher first = Pattern.compile("<svg [^>]*width=\"(\\d+)\"").matcher(page);
        assertTrue(first.find());
        assertTrue(Integer.parseInt(first.group(1)) <= 1150, "the overview fits a 1200 px window: " + first.group(0));
        for (String label : new String[] {">attribute</text>", ">received-once</text>", ">balances</text>",
                ">reconcile</text>", ">incoming_payment_received</text>", ">payments-overdue</text>"}) {
            assertTrue(page.contains(label), label);
        }
    }
}
