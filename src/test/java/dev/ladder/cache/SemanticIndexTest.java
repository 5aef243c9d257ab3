package dev.ladder.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.embed.Vectors;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SemanticIndexTest {

    static final int DIMS = 64;
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final Instant LATER = NOW.plusSeconds(3600);
    final Random random = new Random(7);

    float[] randomUnit() {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Vectors.normalized(v);
    }

    /** A unit vector at cosine {@code cos} from {@code base}. */
    float[] near(float[] base, double cos) {
        float[] r = randomUnit();
        double along = Vectors.dot(r, base);
        float[] ortho = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            ortho[i] = (float) (r[i] - along * base[i]);
        }
        ortho = Vectors.normalized(ortho);
        float[] out = new float[DIMS];
        double sin = Math.sqrt(1 - cos * cos);
        for (int i = 0; i < DIMS; i++) {
            out[i] = (float) (cos * base[i] + sin * ortho[i]);
        }
        return Vectors.normalized(out);
    }

    @Test
    void finds_what_reaches_the_threshold_most_similar_first_and_nothing_below() {
        SemanticIndex<String> index = new SemanticIndex<>(DIMS, 100, 1 << 20);
        float[] q = randomUnit();
        index.add("p", near(q, 0.95), "a", new byte[0], LATER, NOW);
        index.add("p", near(q, 0.99), "b", new byte[0], LATER, NOW);
        index.add("p", near(q, 0.80), "c", new byte[0], LATER, NOW);
        index.add("other", q, "d", new byte[0], LATER, NOW);

        var hits = index.search("p", q, 0.9, 8, NOW);

        assertThat(hits).extracting(h -> h.entry().text).containsExactly("b", "a");
        assertThat(hits.getFirst().similarity()).isCloseTo(0.99, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(index.search("none", q, 0.1, 8, NOW)).isEmpty();
    }

    @Test
    void the_sketch_prefilter_finds_what_an_exact_scan_finds() {
        SemanticIndex<String> filtered = new SemanticIndex<>(DIMS, 100_000, 1L << 30, true);
        SemanticIndex<String> exact = new SemanticIndex<>(DIMS, 100_000, 1L << 30, false);
        float[] q = randomUnit();
        for (int i = 0; i < 4000; i++) {
            float[] v = i % 2 == 0 ? near(q, 0.88 + 0.00005 * (i % 1000)) : randomUnit();
            filtered.add("p", v, "e" + i, new byte[0], LATER, NOW);
            exact.add("p", v, "e" + i, new byte[0], LATER, NOW);
        }

        var expected = exact.search("p", q, 0.9, 10_000, NOW);
        assertThat(expected).hasSizeGreaterThan(1000);
        assertThat(filtered.search("p", q, 0.9, 10_000, NOW)).extracting(h -> h.entry().text)
                .containsExactlyElementsOf(expected.stream().map(h -> h.entry().text).toList());
    }

    @Test
    void expired_entries_are_not_found_and_bounds_evict_the_oldest() {
        SemanticIndex<String> index = new SemanticIndex<>(DIMS, 2, 1 << 20);
        float[] q = randomUnit();
        index.add("p", q, "short-lived", new byte[0], NOW.plusSeconds(10), NOW);
        assertThat(index.search("p", q, 0.9, 8, NOW.plusSeconds(10))).isEmpty();

        index.add("p", q, "second", new byte[0], LATER, NOW);
        index.add("p", q, "third", new byte[0], LATER, NOW);

        assertThat(index.entries()).isEqualTo(2);
        assertThat(index.search("p", q, 0.9, 8, NOW)).extracting(h -> h.entry().text)
                .containsExactlyInAnyOrder("second", "third");
    }

    @Test
    void a_byte_bound_evicts_and_removal_by_key_empties_partitions() {
        SemanticIndex<String> index = new SemanticIndex<>(DIMS, 1000, 3 * (DIMS * 2 + 64 + SemanticIndex.ENTRY_OVERHEAD_BYTES + 100));
        for (int i = 0; i < 10; i++) {
            index.add(i % 2 == 0 ? "even" : "odd", randomUnit(), "t", new byte[100], LATER, NOW);
        }
        assertThat(index.entries()).isLessThanOrEqualTo(3);
        assertThat(index.bytes()).isLessThanOrEqualTo(3 * (DIMS * 2 + 64 + SemanticIndex.ENTRY_OVERHEAD_BYTES + 102));

        long before = index.entries();
        long removed = index.removeIf(k -> k.equals("even"));
        assertThat(index.entries()).isEqualTo(before - removed);
        assertThat(index.removeIf(k -> true)).isEqualTo(before - removed);
        assertThat(index.entries()).isZero();
        assertThat(index.bytes()).isZero();
        assertThat(index.search("odd", randomUnit(), -1, 8, NOW)).isEmpty();
    }

    @Test
    void the_prefilter_bound_grows_as_the_threshold_falls() {
        assertThat(SemanticIndex.maxHamming(0.99)).isLessThan(SemanticIndex.maxHamming(0.9));
        assertThat(SemanticIndex.maxHamming(-1)).isEqualTo(SemanticIndex.SKETCH_BITS);
    }
}
