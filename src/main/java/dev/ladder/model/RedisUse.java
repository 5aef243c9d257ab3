package dev.ladder.model;

/**
 * What a replica keeps in Redis, each with its rule for when Redis cannot be reached (docs/observability.md,
 * "When Redis is down"). The rule is chosen per guarantee: a cache that misses costs money but never breaks a
 * promise, a budget that is counted locally could be overspent by every replica at once.
 */
public enum RedisUse {

    /** The exact cache: a lookup is a miss and a write is skipped; requests go on to the model. */
    CACHE("cache", "fail_open", "lookups are misses and writes are skipped; requests go on to the models"),
    /**
     * Budget reservations: a request that counts against a budget is refused (503 {@code budget_unavailable})
     * rather than risk overspending; keys without a budget go on.
     */
    BUDGETS("budgets", "fail_closed", "requests of a key or team with a budget are refused with 503 "
            + "budget_unavailable (Retry-After); keys without a budget go on; counters are rebuilt from the durable "
            + "ledger before budgets are granted again"),
    /** Rate limits: counted in this process's own buckets, so each replica admits up to the limit. */
    RATE_LIMITS("rate_limits", "local", "counted in this replica's own token buckets: the limit holds per "
            + "replica, not across replicas, until Redis returns");

    private final String wireName;
    private final String rule;
    private final String whenDown;

    RedisUse(String wireName, String rule, String whenDown) {
        this.wireName = wireName;
        this.rule = rule;
        this.whenDown = whenDown;
    }

    /** The name in metrics labels and {@code /health/ready}: {@code cache}, {@code budgets}, {@code rate_limits}. */
    public String wireName() {
        return wireName;
    }

    /** The decision while Redis is down: {@code fail_open}, {@code fail_closed} or {@code local}. */
    public String rule() {
        return rule;
    }

    /** What that decision means for a request, in a sentence. */
    public String whenDown() {
        return whenDown;
    }
}
