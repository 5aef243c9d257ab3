package dev.ladder.access;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Tier;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A virtual key as stored: never its secret, only the SHA-256 of it ({@code hash}) and its first characters
 * ({@code prefix}) to recognise it in a list. {@code allowedModels} and {@code allowedTiers} empty mean every
 * model and tier; {@code maxTier} caps routing and escalation.
 */
public record VirtualKey(String id, String prefix, String hash, String name, Optional<String> team,
        Optional<String> user, List<String> tags, Set<String> allowedModels, Set<Tier> allowedTiers,
        Optional<Tier> maxTier, Limits limits, Optional<Instant> expiresAt, Optional<Instant> revokedAt,
        Instant createdAt) {

    public VirtualKey {
        requireNonNull(id, "id is null");
        requireNonNull(prefix, "prefix is null");
        requireNonNull(hash, "hash is null");
        requireNonNull(name, "name is null");
        requireNonNull(team, "team is null");
        requireNonNull(user, "user is null");
        tags = List.copyOf(tags);
        allowedModels = Set.copyOf(allowedModels);
        allowedTiers = Set.copyOf(allowedTiers);
        requireNonNull(maxTier, "maxTier is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(revokedAt, "revokedAt is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    public boolean revoked() {
        return revokedAt.isPresent();
    }

    public boolean expired(Instant now) {
        return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
    }

    /** Whether the key may ask for {@code model} by name (the routing alias is always allowed). */
    public boolean mayUseModel(String model) {
        return allowedModels.isEmpty() || allowedModels.contains(model);
    }

    public boolean mayUseTier(Tier tier) {
        return (allowedTiers.isEmpty() || allowedTiers.contains(tier)) && maxTier.map(m -> !tier.isAbove(m)).orElse(true);
    }

    /** The highest tier the key may reach: its max tier, else the highest allowed one, else none. */
    public Optional<Tier> tierCeiling() {
        Optional<Tier> highestAllowed = allowedTiers.stream().max(Tier::compareTo);
        if (maxTier.isPresent() && highestAllowed.isPresent()) {
            return Optional.of(Tier.min(maxTier.get(), highestAllowed.get()));
        }
        return maxTier.or(() -> highestAllowed);
    }

    public VirtualKey revokedAt(Instant when) {
        return new VirtualKey(id, prefix, hash, name, team, user, tags, allowedModels, allowedTiers, maxTier, limits,
                expiresAt, Optional.of(when), createdAt);
    }
}
