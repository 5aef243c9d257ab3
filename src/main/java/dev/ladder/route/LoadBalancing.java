package dev.ladder.route;

import java.util.Locale;
import java.util.Optional;

/** How the healthy deployments of a tier are ordered for a request. */
public enum LoadBalancing {
    /** In configured order: the first healthy one takes all traffic, the rest are failover. */
    ORDERED,
    /** At random, in proportion to each model's configured weight. */
    WEIGHTED,
    /** Lowest EWMA latency first; deployments not measured yet go first, so they get measured. */
    LEAST_LATENCY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LoadBalancing> parse(String s) {
        for (LoadBalancing b : values()) {
            if (b.wireName().equalsIgnoreCase(s.strip())) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }
}
