package dev.ladder.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MemoryCacheStoreTest {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T10:00:00Z"));
    final InstantSource clock = now::get;

    @Test
    void an_entry_lives_for_its_own_ttl_on_the_injected_clock() {
        MemoryCacheStore store = new MemoryCacheStore(100, 1 << 20, clock, Runnable::run);
        store.put("short", new byte[] {1}, Duration.ofMinutes(1));
        store.put("long", new byte[] {2}, Duration.ofHours(1));

        now.set(now.get().plus(Duration.ofMinutes(2)));

        assertThat(store.get("short")).isEmpty();
        assertThat(store.get("long")).hasValueSatisfying(v -> assertThat(v).containsExactly(2));
    }

    @Test
    void the_count_bound_holds() {
        MemoryCacheStore store = new MemoryCacheStore(10, 1 << 20, clock, Runnable::run);
        for (int i = 0; i < 100; i++) {
            store.put("k" + i, new byte[10], Duration.ofHours(1));
        }
        assertThat(store.size().entries()).isLessThanOrEqualTo(10);
    }

    @Test
    void the_byte_bound_holds() {
        long maxBytes = 20_000;
        MemoryCacheStore store = new MemoryCacheStore(1_000_000, maxBytes, clock, Runnable::run);
        for (int i = 0; i < 100; i++) {
            store.put("k" + i, new byte[1000], Duration.ofHours(1));
        }
        assertThat(store.size().bytes().orElseThrow()).isLessThanOrEqualTo(maxBytes).isPositive();
    }

    @Test
    void removal_by_key_and_by_prefix() {
        MemoryCacheStore store = new MemoryCacheStore(100, 1 << 20, clock, Runnable::run);
        store.put("a:1", new byte[1], Duration.ofHours(1));
        store.put("a:2", new byte[1], Duration.ofHours(1));
        store.put("b:1", new byte[1], Duration.ofHours(1));

        assertThat(store.remove("b:1")).isEqualTo(1);
        assertThat(store.remove("b:1")).isZero();
        assertThat(store.removePrefix("a:")).isEqualTo(2);
        assertThat(store.size().entries()).isZero();
    }
}
