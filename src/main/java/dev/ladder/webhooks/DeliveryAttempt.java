package dev.ladder.webhooks;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** One try to deliver an event: when, to where, the receiver's status (none when it could not be reached), why. */
public record DeliveryAttempt(int number, Instant at, String url, Optional<Integer> status, String outcome) {

    public DeliveryAttempt {
        requireNonNull(at, "at is null");
        requireNonNull(url, "url is null");
        requireNonNull(status, "status is null");
        requireNonNull(outcome, "outcome is null");
    }

    public boolean delivered() {
        return status.filter(s -> s >= 200 && s < 300).isPresent();
    }
}
