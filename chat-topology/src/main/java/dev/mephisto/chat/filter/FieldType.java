package dev.mephisto.chat.filter;

/** The type of a feed field or a literal in a filter: the type check compares these. */
public enum FieldType {
    NUMBER,
    TEXT;

    String word() {
        return this == NUMBER ? "a number" : "a text";
    }
}
