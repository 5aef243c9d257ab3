package dev.ladder.access;

import static java.util.Objects.requireNonNull;

/** A team: its keys' requests count against its own budget and limits as well as the key's. */
public record Team(String name, Limits limits) {

    public Team {
        requireNonNull(name, "name is null");
        requireNonNull(limits, "limits is null");
        if (name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("team name must be 1..100 characters");
        }
    }
}
