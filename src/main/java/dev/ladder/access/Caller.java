package dev.ladder.access;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** Who is calling, once authenticated. */
public sealed interface Caller {

    /** Auth is not configured (a loopback-only gateway): anyone who reaches the port. */
    record Anonymous() implements Caller {
    }

    /** The operator, with the master key: every admin route, and /v1 without limits. */
    record Master() implements Caller {
    }

    /** A virtual key, with its team when it has one. */
    record Key(VirtualKey key, Optional<Team> team) implements Caller {
        public Key {
            requireNonNull(key, "key is null");
            requireNonNull(team, "team is null");
        }
    }
}
