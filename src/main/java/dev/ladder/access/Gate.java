package dev.ladder.access;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Tier;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a virtual key's request may do, decided before it enters the pipeline, as ordered guard clauses: a model
 * outside the key's list, or a forced tier above what it may use, is forbidden (403); then the key's and its
 * team's request and token buckets must admit it (429 otherwise); then the tier ceiling is the key's highest
 * tier, lowered to a budget policy's tier once that share of the budget is spent.
 */
public final class Gate {

    /** The decision. */
    public sealed interface Verdict {
        /** Go ahead, as {@code keyId} of {@code team}, routed no higher than {@code ceiling}. */
        record Pass(String keyId, Optional<String> team, Optional<Tier> ceiling, RateLimiter.Admission admission)
                implements Verdict {
        }

        /** Outside the key's allow-list: 403. */
        record Forbidden(String message, String param) implements Verdict {
        }

        /** A bucket is empty: 429 with Retry-After. */
        record Limited(String message, RateLimiter.Admission admission) implements Verdict {
        }
    }

    private final RateLimiter limiter;
    private final Ledger ledger;
    private final InstantSource clock;

    public Gate(RateLimiter limiter, Ledger ledger, InstantSource clock) {
        this.limiter = requireNonNull(limiter, "limiter is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * @param alias the routing alias (any key may ask for it)
     * @param tokens the request's tokens as the token buckets count them (prompt estimate plus max_tokens)
     */
    public Verdict admit(Caller.Key caller, String model, String alias, Optional<Tier> forcedTier, long tokens) {
        VirtualKey key = caller.key();
        // a model the key may not use by name
        if (!model.equals(alias) && !key.mayUseModel(model)) {
            return new Verdict.Forbidden("This key may not use the model '" + model + "'.", "model");
        }
        // a tier the key may not use, asked for by header
        if (forcedTier.isPresent() && !key.mayUseTier(forcedTier.get())) {
            return new Verdict.Forbidden("This key may not use the tier '" + forcedTier.get().wireName() + "'.",
                    "x-ladder-tier");
        }
        RateLimiter.Admission admission = limiter.admit(buckets(caller, tokens));
        // a request or token bucket of the key or its team is empty
        if (!admission.admitted()) {
            return new Verdict.Limited("Rate limit reached for this key" + (caller.team().isPresent()
                    ? " or its team" : "") + ": retry after " + Math.max(1, admission.retryAfter().toSeconds())
                    + " s.", admission);
        }
        return new Verdict.Pass(key.id(), key.team(), ceiling(caller), admission);
    }

    private static List<RateLimiter.Bucket> buckets(Caller.Key caller, long tokens) {
        List<RateLimiter.Bucket> out = new ArrayList<>();
        add(out, "key:" + caller.key().id(), caller.key().limits(), tokens);
        caller.team().ifPresent(t -> add(out, "team:" + t.name(), t.limits(), tokens));
        return out;
    }

    private static void add(List<RateLimiter.Bucket> out, String owner, Limits limits, long tokens) {
        if (limits.rpm() > 0) {
            out.add(new RateLimiter.Bucket("rpm:" + owner, RateLimiter.Kind.REQUESTS, limits.rpm(), 1));
        }
        if (limits.tpm() > 0) {
            // a request larger than a minute's tokens waits for a full bucket rather than forever
            out.add(new RateLimiter.Bucket("tpm:" + owner, RateLimiter.Kind.TOKENS, limits.tpm(),
                    Math.min(tokens, limits.tpm())));
        }
    }

    /** The key's highest tier, lowered by the first budget (key's, then team's) whose cap share is spent. */
    private Optional<Tier> ceiling(Caller.Key caller) {
        Optional<Tier> ceiling = caller.key().tierCeiling();
        Instant now = clock.instant();
        List<Optional<Tier>> caps = new ArrayList<>();
        caps.add(cap("key:" + caller.key().id(), caller.key().limits(), now));
        caller.team().ifPresent(t -> caps.add(cap("team:" + t.name(), t.limits(), now)));
        for (Optional<Tier> c : caps) {
            if (c.isPresent()) {
                ceiling = Optional.of(ceiling.map(x -> Tier.min(x, c.get())).orElse(c.get()));
            }
        }
        return ceiling;
    }

    private Optional<Tier> cap(String owner, Limits limits, Instant now) {
        if (limits.budget().isEmpty() || limits.capWhenSpent().isEmpty()) {
            return Optional.empty();
        }
        Account a = Account.of(owner, limits.budget().get(), now);
        Limits.TierCap cap = limits.capWhenSpent().get();
        try {
            return ledger.used(a) * 100.0 >= cap.percent() * a.limitMicros() ? Optional.of(cap.tier())
                    : Optional.empty();
        } catch (Ledger.Unavailable e) {
            // spend unknown: the cheaper ceiling (the budget stage refuses paid calls until the counters return)
            return Optional.of(cap.tier());
        }
    }
}
