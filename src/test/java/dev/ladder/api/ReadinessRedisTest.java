package dev.ladder.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.RedisHealth;
import dev.ladder.model.RedisUse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: a replica that lost Redis still serves, so {@code /health/ready} stays ready, and its body says which
 * use of Redis is degraded, by which rule, since when and why.
 */
class ReadinessRedisTest {

    static final Instant AT = Instant.parse("2026-12-06T04:00:00Z");

    @Test
    void redisDownIsDegradedNotUnreadyAndNamesEachUsesRule() {
        ObjectNode report = Readiness.report(Map.of(), List.of(), Optional.empty(), List.of(
                new RedisHealth(RedisUse.CACHE, true, AT, Optional.empty()),
                new RedisHealth(RedisUse.BUDGETS, false, AT, Optional.of("Connection closed")),
                new RedisHealth(RedisUse.RATE_LIMITS, false, AT, Optional.of("Connection closed"))));

        assertThat(Readiness.ready(report)).isTrue();
        var redis = report.path("checks").path("redis");
        assertThat(redis.path("status").asText()).isEqualTo("degraded");
        assertThat(redis.path("uses").path("cache").path("status").asText()).isEqualTo("ok");
        assertThat(redis.path("uses").path("cache").path("rule").asText()).isEqualTo("fail_open");
        var budgets = redis.path("uses").path("budgets");
        assertThat(budgets.path("status").asText()).isEqualTo("degraded");
        assertThat(budgets.path("rule").asText()).isEqualTo("fail_closed");
        assertThat(budgets.path("down_since").asText()).isEqualTo("2026-12-06T04:00:00Z");
        assertThat(budgets.path("reason").asText()).isEqualTo("Connection closed");
        assertThat(budgets.path("behaviour").asText()).contains("budget_unavailable");
        assertThat(redis.path("uses").path("rate_limits").path("rule").asText()).isEqualTo("local");
    }

    @Test
    void withoutRedisThereIsNoRedisCheck() {
        ObjectNode report = Readiness.report(Map.of(), List.of(), Optional.empty(), List.of());

        assertThat(report.path("checks").has("redis")).isFalse();
    }

    @Test
    void redisUpIsOk() {
        ObjectNode report = Readiness.report(Map.of(), List.of(), Optional.empty(), List.of(
                new RedisHealth(RedisUse.BUDGETS, true, AT, Optional.empty())));

        assertThat(report.path("checks").path("redis").path("status").asText()).isEqualTo("ok");
        assertThat(report.path("checks").path("redis").path("uses").path("budgets").has("down_since")).isFalse();
    }
}
