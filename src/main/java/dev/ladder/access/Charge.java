package dev.ladder.access;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** A request's hold on its budgets: whose key and team, the accounts it counts against, and how much. */
public record Charge(String requestId, String keyId, Optional<String> team, List<Account> accounts, long micros) {

    public Charge {
        requireNonNull(requestId, "requestId is null");
        requireNonNull(keyId, "keyId is null");
        requireNonNull(team, "team is null");
        accounts = List.copyOf(accounts);
        if (micros < 0) {
            throw new IllegalArgumentException("micros must be >= 0");
        }
    }

    public Charge plus(long more) {
        return new Charge(requestId, keyId, team, accounts, micros + more);
    }
}
