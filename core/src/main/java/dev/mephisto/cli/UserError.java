package dev.mephisto.cli;

/** A mistake of the person at the command line: reported in one line, without a stack trace. */
final class UserError extends RuntimeException {

    UserError(String message) {
        super(message);
    }

    UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
