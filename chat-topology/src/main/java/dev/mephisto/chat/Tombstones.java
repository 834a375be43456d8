package dev.mephisto.chat;

/**
 * The reason a record with no value is refused: on the chat's topics a tombstone means nothing (none
 * of them is a table's changelog), so it goes to the dead-letter topic rather than vanish.
 */
final class Tombstones {

    private Tombstones() {
    }

    static String reason(String topic, String key, String expected) {
        return "a record with no value (a tombstone) on " + topic + ", key '" + key + "': " + expected
                + " is a JSON object, and " + topic + " takes no deletes";
    }
}
