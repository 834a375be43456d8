package dev.mephisto.chat.cli;

import dev.mephisto.chat.Delivery;
import dev.mephisto.chat.Execution;
import dev.mephisto.chat.HistoryEntry;
import dev.mephisto.chat.SportEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How the terminal client shows a delivery: {@code name: text} for comments, {@code *} lines for the room. */
final class DeliveryFormat {

    private DeliveryFormat() {
    }

    static List<String> lines(Delivery d) {
        List<String> lines = new ArrayList<>();
        switch (d.type()) {
            case COMMENT -> said(lines, d.from(), d.text());
            case NOTICE -> {
                for (String line : d.text().split("\n")) {
                    lines.add("(only you) " + line);
                }
            }
            case HISTORY -> {
                if (d.history() == null || d.history().isEmpty()) {
                    lines.add("* room " + d.room() + " has no recent comments");
                } else {
                    lines.add("* recent comments in room " + d.room() + ":");
                    for (HistoryEntry entry : d.history()) {
                        said(lines, "  " + entry.from(), entry.text());
                    }
                    lines.add("* (end of history)");
                }
            }
            case EVENT -> lines.add(event(d.event()));
            case EXECUTION -> lines.add(execution(d.execution()));
            case ROOM_STATUS -> lines.add(status(d));
            default -> lines.add(String.valueOf(d));
        }
        return lines;
    }

    private static void said(List<String> lines, String from, String text) {
        String[] parts = text.split("\n");
        lines.add(from + ": " + parts[0]);
        for (int i = 1; i < parts.length; i++) {
            lines.add(" ".repeat(from.length() + 2) + parts[i]);
        }
    }

    private static String status(Delivery d) {
        String members = d.members() == null ? "" : " [" + String.join(", ", d.members()) + "; " + d.members().size()
                + "/" + d.capacity() + "]";
        return switch (d.status()) {
            case PENDING -> "* joining room " + d.room() + "...";
            case USERJOINED -> "* " + d.subject() + " joined room " + d.room() + members;
            case USEREXITED -> "* " + d.subject() + " left room " + d.room() + (d.reason() == null ? "" : " ("
                    + d.reason() + ")") + members;
            case FILTERAPPLIED -> "* " + d.subject() + " set the filters: sport [" + d.sportFilter() + "] execution ["
                    + d.executionFilter() + "]";
            default -> "! " + d.status() + (d.reason() == null ? "" : ": " + d.reason());
        };
    }

    private static String event(SportEvent e) {
        return String.format(Locale.ROOT, "[sport %d] %s: %s", e.sport(), e.matchTitle(), e.dataEvent());
    }

    private static String execution(Execution e) {
        return String.format(Locale.ROOT, "[%s] %s %.2f x %d (%s)", e.market(), e.symbol(), e.price(), e.quantity(),
                e.stateSymbol());
    }
}
