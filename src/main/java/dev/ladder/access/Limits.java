package dev.ladder.access;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Tier;
import java.util.Optional;

/**
 * What a key or a team may spend and how fast: a budget in USD per {@link Period}, requests and tokens per
 * minute (0: no limit), and an optional tier cap once a share of the budget is spent ("over 80 % of the budget,
 * cap at medium") instead of refusing outright.
 */
public record Limits(Optional<Budget> budget, int rpm, int tpm, Optional<TierCap> capWhenSpent) {

    public static final Limits NONE = new Limits(Optional.empty(), 0, 0, Optional.empty());

    public Limits {
        requireNonNull(budget, "budget is null");
        requireNonNull(capWhenSpent, "capWhenSpent is null");
        if (rpm < 0 || tpm < 0) {
            throw new IllegalArgumentException("rpm and tpm must be >= 0");
        }
    }

    /** A budget of {@code usd} per {@code period}. */
    public record Budget(double usd, Period period) {
        public Budget {
            requireNonNull(period, "period is null");
            if (!(usd >= 0) || Double.isInfinite(usd)) {
                throw new IllegalArgumentException("budget must be a finite amount >= 0");
            }
        }

        /** The budget in micro-dollars, the unit the ledger counts in. */
        public long micros() {
            return Money.micros(usd);
        }
    }

    /** Once {@code percent} of the budget is spent, requests route no higher than {@code tier}. */
    public record TierCap(double percent, Tier tier) {
        public TierCap {
            requireNonNull(tier, "tier is null");
            if (!(percent > 0 && percent <= 100)) {
                throw new IllegalArgumentException("cap percent must be in (0, 100]");
            }
        }
    }
}
