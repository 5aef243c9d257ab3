package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import dev.ladder.access.Authentication;
import dev.ladder.access.Gate;
import dev.ladder.access.KeyStore;
import dev.ladder.access.SpendReport;
import java.util.Optional;

/**
 * What the edge needs for keys: who a token is ({@code auth}), what a key's request may do ({@code gate}, empty
 * when auth is off), where keys live for the admin API, and the spend report.
 */
public record KeysAccess(Authentication auth, Optional<Gate> gate, KeyStore keys, SpendReport spend) {

    public KeysAccess {
        requireNonNull(auth, "auth is null");
        requireNonNull(gate, "gate is null");
        requireNonNull(keys, "keys is null");
        requireNonNull(spend, "spend is null");
    }
}
