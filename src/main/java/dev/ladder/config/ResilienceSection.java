package dev.ladder.config;

import dev.ladder.resilience.BreakerConfig;
import dev.ladder.resilience.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads {@code resilience}: breakers, retries and the retry budget, the streams' pre-commit deadline. */
final class ResilienceSection {

    static final List<String> KEYS = List.of("pre_commit_deadline", "breaker", "retry");
    static final List<String> BREAKER_KEYS = List.of("failure_rate", "window", "minimum_calls",
            "consecutive_failures", "cool_down", "half_open_probes");
    static final List<String> RETRY_KEYS = List.of("max_attempts", "base_backoff", "max_backoff", "max_retry_after",
            "budget");
    static final List<String> BUDGET_KEYS = List.of("ratio", "min_per_second");

    private ResilienceSection() {
    }

    static ResilienceConfig read(YamlTree node) {
        ResilienceConfig d = ResilienceConfig.DEFAULTS;
        node.allowKeys(KEYS);
        Duration preCommit = positive(node.get("pre_commit_deadline")).orElse(d.preCommitDeadline());
        BreakerConfig breaker = breaker(node.get("breaker"));
        RetryConfig retry = retry(node.get("retry"));
        return node.build(() -> new ResilienceConfig(breaker, retry, preCommit)).orElse(d);
    }

    private static BreakerConfig breaker(YamlTree node) {
        BreakerConfig d = BreakerConfig.DEFAULTS;
        node.allowKeys(BREAKER_KEYS);
        YamlTree rate = node.get("failure_rate");
        double failureRate = rate.check(rate.number(), v -> v > 0 && v <= 1, "must be > 0 and <= 1")
                .orElse(d.failureRate());
        int window = node.get("window").positiveInt().orElse(d.window());
        YamlTree min = node.get("minimum_calls");
        int minimumCalls = min.check(min.positiveInt(), v -> v <= window, "must be at most window (" + window + ")")
                .orElse(Math.min(d.minimumCalls(), window));
        YamlTree consecutive = node.get("consecutive_failures");
        int consecutiveFailures = consecutive.check(consecutive.integer(), v -> v >= 0 && v <= Integer.MAX_VALUE,
                "must be >= 0 (0 turns the rule off)").map(Long::intValue).orElse(d.consecutiveFailures());
        Duration coolDown = positive(node.get("cool_down")).orElse(d.coolDown());
        int probes = node.get("half_open_probes").positiveInt().orElse(d.halfOpenProbes());
        return node.build(() -> new BreakerConfig(failureRate, window, minimumCalls, consecutiveFailures, coolDown,
                probes)).orElse(d);
    }

    private static RetryConfig retry(YamlTree node) {
        RetryConfig d = RetryConfig.DEFAULTS;
        node.allowKeys(RETRY_KEYS);
        int maxAttempts = node.get("max_attempts").positiveInt().orElse(d.maxAttempts());
        Duration base = positive(node.get("base_backoff")).orElse(d.baseBackoff());
        YamlTree maxNode = node.get("max_backoff");
        Duration max = maxNode.check(positive(maxNode), v -> v.compareTo(base) >= 0,
                "must be >= base_backoff (" + base.toMillis() + " ms)").orElse(d.maxBackoff().compareTo(base) >= 0
                        ? d.maxBackoff() : base);
        YamlTree retryAfterNode = node.get("max_retry_after");
        Duration maxRetryAfter = retryAfterNode.check(retryAfterNode.parsed(Durations::parse), v -> !v.isNegative(),
                "must be >= 0").orElse(d.maxRetryAfter());
        YamlTree budget = node.get("budget").allowKeys(BUDGET_KEYS);
        YamlTree ratioNode = budget.get("ratio");
        double ratio = ratioNode.check(ratioNode.number(), v -> v >= 0 && v <= 1, "must be in 0..1")
                .orElse(d.budgetRatio());
        YamlTree floorNode = budget.get("min_per_second");
        double floor = floorNode.check(floorNode.number(), v -> v >= 0, "must be >= 0").orElse(d.budgetMinPerSecond());
        return node.build(() -> new RetryConfig(maxAttempts, base, max, maxRetryAfter, ratio, floor)).orElse(d);
    }

    private static Optional<Duration> positive(YamlTree node) {
        return node.check(node.parsed(Durations::parse), Duration::isPositive, "must be > 0");
    }
}
