package dev.ladder.cache;

import dev.ladder.embed.Vectors;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One semantic lookup (embedding excluded) in a partition of N entries: the worst case, where one tenant's
 * route and context hold the whole cache. {@code prefilter=true} is the shipped search (sketch prefilter, then
 * exact similarity); {@code false} is the baseline, an exact scan of every vector. Vectors are 384-dimensional
 * like MiniLM's and clustered like real sentence embeddings (a shared direction, topics, noise; see the
 * similarity spread printed by the setup), half of the queries near-duplicates of a stored entry. The setup
 * also prints the memory per entry: as the index accounts it, and as the heap grew.
 *
 * <p>Run: {@code ./ladder bench SemanticIndexBenchmark -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SemanticIndexBenchmark {

    static final int DIMS = 384;
    static final int TOPICS = 2000;
    static final int QUERIES = 1024;
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Param({"100000"})
    int entries;

    @Param({"true", "false"})
    boolean prefilter;

    SemanticIndex<String> index;
    float[][] queries;
    int next;

    @Setup(Level.Trial)
    public void build() {
        Random random = new Random(42);
        float[] shared = gaussian(random);
        float[][] topics = new float[TOPICS][];
        for (int i = 0; i < TOPICS; i++) {
            topics[i] = gaussian(random);
        }
        float[][] stored = new float[entries][];
        for (int i = 0; i < entries; i++) {
            stored[i] = sample(random, shared, topics[random.nextInt(TOPICS)]);
        }
        System.gc();
        long before = usedHeap();
        index = new SemanticIndex<>(DIMS, entries, Long.MAX_VALUE, prefilter);
        for (int i = 0; i < entries; i++) {
            index.add("tenant:route:context", stored[i], "How do I do thing number " + i + " with my account today?",
                    new byte[600], NOW.plusSeconds(3600), NOW);
        }
        System.gc();
        long grown = usedHeap() - before;
        queries = new float[QUERIES][];
        for (int i = 0; i < QUERIES; i++) {
            queries[i] = i % 2 == 0 ? jitter(random, stored[random.nextInt(entries)])
                    : sample(random, shared, topics[random.nextInt(TOPICS)]);
        }
        double[] spread = spread(random, stored);
        System.out.printf(Locale.ROOT, "%n[setup] %d entries, prefilter=%s: %.0f bytes/entry accounted (600-byte "
                + "answer, 60-char text), %.0f bytes/entry heap growth; similarity of random pairs p50 %.2f p99 %.2f, "
                + "same topic p50 %.2f%n", entries, prefilter, (double) index.bytes() / entries,
                (double) grown / entries, spread[0], spread[1], spread[2]);
    }

    @Benchmark
    public Object lookup() {
        float[] q = queries[next++ & (QUERIES - 1)];
        return index.search("tenant:route:context", q, CacheConfig.Semantic.DEFAULT_THRESHOLD, SemanticCache.CANDIDATES,
                NOW);
    }

    private static float[] gaussian(Random r) {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Vectors.normalized(v);
    }

    /** Shared direction + topic + noise: random pairs land near 0.3, same-topic pairs near 0.6. */
    private static float[] sample(Random r, float[] shared, float[] topic) {
        float[] noise = gaussian(r);
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = 0.55f * shared[i] + 0.55f * topic[i] + 0.63f * noise[i];
        }
        return Vectors.normalized(v);
    }

    private static float[] jitter(Random r, float[] base) {
        float[] noise = gaussian(r);
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = base[i] + 0.2f * noise[i];
        }
        return Vectors.normalized(v);
    }

    private static double[] spread(Random r, float[][] stored) {
        int n = 2000;
        double[] sims = new double[n];
        for (int i = 0; i < n; i++) {
            sims[i] = Vectors.dot(stored[r.nextInt(stored.length)], stored[r.nextInt(stored.length)]);
        }
        java.util.Arrays.sort(sims);
        return new double[] {sims[n / 2], sims[n * 99 / 100], 0.55 * 0.55 * 2 / (0.55 * 0.55 * 2 + 0.63 * 0.63)};
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
