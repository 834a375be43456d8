package dev.mephisto.chat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code simulate --via-gateway}: simulated people on WebSockets, on a worker, broker and gateway of its own. */
class SimulateViaGatewayIT {

    @Test
    @Timeout(180)
    void shouldDeliverEveryCommentToEveryMemberThroughTheGatewayAndReportIt() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ChatMain.run(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), "simulate",
                "--with-worker", "--via-gateway", "--gateway-port", "0", "--users", "40", "--rooms", "4",
                "--comment-every", "500ms", "--duration", "10s", "--warmup", "2s", "--seed", "3");
        String report = out.toString();
        assertEquals(0, code, report + err);
        assertTrue(report.contains("40 WebSocket clients"), report);
        Matcher sent = Pattern.compile("comments sent +([\\d,]+)").matcher(report);
        Matcher received = Pattern.compile("deliveries received +([\\d,]+) comment deliveries").matcher(report);
        assertTrue(sent.find() && received.find(), report);
        long comments = Long.parseLong(sent.group(1).replace(",", ""));
        long deliveries = Long.parseLong(received.group(1).replace(",", ""));
        assertTrue(comments > 200, "40 users commenting every 500 ms for 10 s: " + report);
        assertTrue(deliveries > 5 * comments, "rooms of 10: each comment reaches its room, sender included: " + report);
        assertTrue(report.contains("lost deliveries      0\n") || report.contains("lost deliveries      0\r"),
                "every member that stayed connected got every comment of its room: " + report);
        assertTrue(Pattern.compile("latency send->delivery +p50 \\d+ ms").matcher(report).find(), report);
    }
}
