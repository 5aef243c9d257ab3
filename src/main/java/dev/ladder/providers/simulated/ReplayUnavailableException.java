package dev.ladder.providers.simulated;

/** A replay file cannot be read or lacks a column: the simulated upstream is misconfigured, so the call fails. */
final class ReplayUnavailableException extends RuntimeException {

    ReplayUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
