package dev.ladder.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MemoryRateLimiterTest {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T00:00:00Z"));
    final InstantSource clock = () -> now.get();
    final MemoryRateLimiter limiter = new MemoryRateLimiter(clock);
    final RateLimiter.Bucket rpm = new RateLimiter.Bucket("rpm:key:k1", RateLimiter.Kind.REQUESTS, 60, 1);

    @Test
    void aFullBucketOf60TakesExactly60AndThenSaysWaitASecond() {
        int admitted = 0;
        RateLimiter.Admission last = null;
        for (int i = 0; i < 100; i++) {
            last = limiter.admit(List.of(rpm));
            admitted += last.admitted() ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(60);
        assertThat(last.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(last.states().getFirst().remaining()).isZero();
    }

    @Test
    void itRefillsOneRequestASecondOnTheInjectedClock() {
        for (int i = 0; i < 60; i++) {
            limiter.admit(List.of(rpm));
        }
        assertThat(limiter.admit(List.of(rpm)).admitted()).isFalse();
        now.set(now.get().plusMillis(1000));
        assertThat(limiter.admit(List.of(rpm)).admitted()).isTrue();
        assertThat(limiter.admit(List.of(rpm)).admitted()).isFalse();
    }

    @Test
    void aRequestTakesFromEveryBucketOrFromNone() {
        RateLimiter.Bucket team = new RateLimiter.Bucket("rpm:team:t", RateLimiter.Kind.REQUESTS, 2, 1);
        assertThat(limiter.admit(List.of(rpm, team)).admitted()).isTrue();
        assertThat(limiter.admit(List.of(rpm, team)).admitted()).isTrue();
        RateLimiter.Admission third = limiter.admit(List.of(rpm, team));
        assertThat(third.admitted()).isFalse();
        assertThat(third.states().getFirst().remaining()).as("the key's bucket gave nothing").isEqualTo(58);
    }
}
