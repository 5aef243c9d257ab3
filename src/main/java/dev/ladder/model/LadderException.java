package dev.ladder.model;

import static java.util.Objects.requireNonNull;

/** Carries a {@link Failure} through the call stack; the API edge turns it into an HTTP error. */
public final class LadderException extends RuntimeException {

    private final Failure failure;

    public LadderException(Failure failure) {
        super(requireNonNull(failure, "failure is null").message());
        this.failure = failure;
    }

    public LadderException(Failure failure, Throwable cause) {
        super(requireNonNull(failure, "failure is null").message(), cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }

    public static LadderException badRequest(String message, String param) {
        return new LadderException(new Failure.BadRequest(message, param));
    }
}
