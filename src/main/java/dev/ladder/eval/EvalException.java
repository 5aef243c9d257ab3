package dev.ladder.eval;

/** An offline tool cannot do what it was asked; the message is one line that says why. */
public final class EvalException extends RuntimeException {

    public EvalException(String message) {
        super(message);
    }

    public EvalException(String message, Throwable cause) {
        super(message, cause);
    }
}
