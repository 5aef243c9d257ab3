package dev.ladder.cache;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * An in-process vector index of unit vectors, split into partitions (one per cache scope and context), with
 * a threshold search: every entry of a partition whose cosine similarity to the query reaches the threshold.
 *
 * <p>The search scans a partition in two steps. First a 512-bit sketch of each vector (the signs of its
 * projections on random hyperplanes, SimHash) is compared with the query's: the fraction of differing bits
 * estimates the angle between them, and an entry whose sketch is further than the threshold's angle allows,
 * plus five standard deviations, is skipped. The survivors are then compared exactly, on their stored
 * vectors. A true match is skipped with probability below 10^-6; a wrong match is never let through, since
 * every hit is checked exactly. Scanning 64 bytes of sketch per entry instead of a 1.5 KB vector is what
 * keeps a lookup among 100k entries under a millisecond (see docs/cache.md and {@code SemanticIndexBenchmark}),
 * where an exact scan over float vectors takes ~20 ms: memory bandwidth, not arithmetic, is the limit. An
 * approximate graph index (HNSW) was not needed at this size, and would make deletion and per-scope
 * partitions harder.
 *
 * <p>Vectors are kept as 16-bit floats (half the memory; the similarity error is below 10^-4). The index is
 * bounded by entries and bytes: past either bound, the oldest entries go first. Expired entries are skipped
 * by searches and removed when they reach the head of the eviction queue, or by a bound.
 *
 * @param <K> the partition key
 */
final class SemanticIndex<K> {

    static final int SKETCH_BITS = 512;
    private static final int WORDS = SKETCH_BITS / 64;
    /** Standard deviations of slack on the sketch's angle estimate before an entry is skipped. */
    private static final double SLACK_SIGMAS = 5;
    /**
     * Bytes an entry costs beyond its vector, sketch, text and answer: entry object, string and array headers,
     * slot, queue node. Spare capacity of a partition's arrays (up to half of them just after they grew) is not
     * counted; SemanticIndexBenchmark prints the measured heap growth next to this account.
     */
    static final int ENTRY_OVERHEAD_BYTES = 160;

    private final int dims;
    private final int maxEntries;
    private final long maxBytes;
    private final float[][] planes;
    private final boolean prefilter;
    private final ConcurrentHashMap<K, Partition<K>> partitions = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Entry<K>> age = new ConcurrentLinkedQueue<>();
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    /** What a search found: the entry and its cosine similarity to the query. */
    record Hit<K>(Entry<K> entry, double similarity) {
    }

    SemanticIndex(int dims, int maxEntries, long maxBytes) {
        this(dims, maxEntries, maxBytes, true);
    }

    /** {@code prefilter = false} compares every vector exactly: the baseline of the benchmark. */
    SemanticIndex(int dims, int maxEntries, long maxBytes, boolean prefilter) {
        if (dims <= 0 || maxEntries <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("dims, maxEntries and maxBytes must be > 0");
        }
        this.dims = dims;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.prefilter = prefilter;
        Random random = new Random(0x1add3e5L);
        this.planes = new float[SKETCH_BITS][dims];
        for (float[] plane : planes) {
            for (int i = 0; i < dims; i++) {
                plane[i] = (float) random.nextGaussian();
            }
        }
    }

    /** Adds an entry; then evicts the oldest entries while a bound is exceeded, and expired ones at the head. */
    Entry<K> add(K key, float[] unit, String text, byte[] answer, Instant expiresAt, Instant now) {
        requireNonNull(key, "key is null");
        if (unit.length != dims) {
            throw new IllegalArgumentException("expected " + dims + " dimensions, got " + unit.length);
        }
        Entry<K> entry = new Entry<>(text, answer, expiresAt, (long) dims * 2 + WORDS * 8 + ENTRY_OVERHEAD_BYTES
                + 2L * text.length() + answer.length);
        long[] sketch = sketch(unit);
        while (true) {
            Partition<K> p = partitions.computeIfAbsent(key, k -> new Partition<>(k, dims));
            if (p.add(entry, unit, sketch)) {
                break;
            }
            // the partition emptied and was dropped meanwhile: take the new one
        }
        entries.incrementAndGet();
        bytes.addAndGet(entry.bytes);
        age.add(entry);
        evict(now);
        return entry;
    }

    /**
     * The entries of partition {@code key} whose similarity to {@code unit} is at least {@code threshold} and
     * that have not expired at {@code now}: the {@code limit} most similar, most similar first.
     */
    List<Hit<K>> search(K key, float[] unit, double threshold, int limit, Instant now) {
        Partition<K> p = partitions.get(key);
        if (p == null) {
            return List.of();
        }
        int maxDistance = prefilter ? maxHamming(threshold) : SKETCH_BITS;
        return p.search(unit, prefilter ? sketch(unit) : new long[WORDS], maxDistance, (float) threshold, limit, now);
    }

    /** Removes every entry of every partition whose key matches; returns how many went. */
    long removeIf(Predicate<K> keys) {
        long removed = 0;
        for (Partition<K> p : partitions.values()) {
            if (keys.test(p.key)) {
                removed += p.removeAll(this);
            }
        }
        return removed;
    }

    long entries() {
        return entries.get();
    }

    long bytes() {
        return bytes.get();
    }

    /** The largest sketch distance (differing bits) a vector at the threshold's angle reaches, plus slack. */
    static int maxHamming(double threshold) {
        double p = Math.acos(Math.max(-1, Math.min(1, threshold))) / Math.PI;
        double bound = SKETCH_BITS * p + SLACK_SIGMAS * Math.sqrt(SKETCH_BITS * p * (1 - p));
        return (int) Math.min(SKETCH_BITS, Math.ceil(bound));
    }

    long[] sketch(float[] unit) {
        long[] bits = new long[WORDS];
        for (int b = 0; b < SKETCH_BITS; b++) {
            float[] plane = planes[b];
            float s = 0;
            for (int i = 0; i < dims; i++) {
                s += plane[i] * unit[i];
            }
            if (s >= 0) {
                bits[b >>> 6] |= 1L << (b & 63);
            }
        }
        return bits;
    }

    private void evict(Instant now) {
        while (entries.get() > maxEntries || bytes.get() > maxBytes) {
            Entry<K> oldest = age.poll();
            if (oldest == null) {
                return;
            }
            remove(oldest);
        }
        // expired entries at the head go too (entries of a shorter TTL behind a longer one wait for a bound)
        Entry<K> head;
        while ((head = age.peek()) != null && (head.removed || !now.isBefore(head.expiresAt))) {
            Entry<K> polled = age.poll();
            if (polled != null) {
                remove(polled);
            }
        }
    }

    private boolean remove(Entry<K> e) {
        Partition<K> p = e.partition;
        if (p == null || !p.remove(e)) {
            return false;
        }
        entries.decrementAndGet();
        bytes.addAndGet(-e.bytes);
        if (p.isEmpty()) {
            partitions.computeIfPresent(p.key, (k, current) -> current == p && p.retireIfEmpty() ? null : current);
        }
        return true;
    }

    /** One cached text and its answer. */
    static final class Entry<K> {
        final String text;
        final byte[] answer;
        final Instant expiresAt;
        final long bytes;
        volatile Partition<K> partition;
        int slot;
        volatile boolean removed;

        Entry(String text, byte[] answer, Instant expiresAt, long bytes) {
            this.text = requireNonNull(text, "text is null");
            this.answer = requireNonNull(answer, "answer is null");
            this.expiresAt = requireNonNull(expiresAt, "expiresAt is null");
            this.bytes = bytes;
        }
    }

    /** The entries of one key, in parallel arrays so a scan reads memory in order. */
    private static final class Partition<K> {
        final K key;
        final int dims;
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        short[] vectors;
        long[] sketches;
        @SuppressWarnings("unchecked")
        Entry<K>[] slots = new Entry[8];
        int size;
        boolean retired;

        Partition(K key, int dims) {
            this.key = key;
            this.dims = dims;
            this.vectors = new short[8 * dims];
            this.sketches = new long[8 * WORDS];
        }

        boolean add(Entry<K> e, float[] unit, long[] sketch) {
            lock.writeLock().lock();
            try {
                if (retired) {
                    return false;
                }
                if (size == slots.length) {
                    int capacity = size * 2;
                    slots = Arrays.copyOf(slots, capacity);
                    vectors = Arrays.copyOf(vectors, capacity * dims);
                    sketches = Arrays.copyOf(sketches, capacity * WORDS);
                }
                int base = size * dims;
                for (int i = 0; i < dims; i++) {
                    vectors[base + i] = Float.floatToFloat16(unit[i]);
                }
                System.arraycopy(sketch, 0, sketches, size * WORDS, WORDS);
                slots[size] = e;
                e.slot = size;
                e.partition = this;
                size++;
                return true;
            } finally {
                lock.writeLock().unlock();
            }
        }

        boolean remove(Entry<K> e) {
            lock.writeLock().lock();
            try {
                if (e.removed || e.partition != this) {
                    return false;
                }
                int last = size - 1;
                int at = e.slot;
                if (at != last) {
                    Entry<K> moved = slots[last];
                    slots[at] = moved;
                    moved.slot = at;
                    System.arraycopy(vectors, last * dims, vectors, at * dims, dims);
                    System.arraycopy(sketches, last * WORDS, sketches, at * WORDS, WORDS);
                }
                slots[last] = null;
                size--;
                e.removed = true;
                return true;
            } finally {
                lock.writeLock().unlock();
            }
        }

        long removeAll(SemanticIndex<K> index) {
            List<Entry<K>> all = new ArrayList<>();
            lock.readLock().lock();
            try {
                for (int i = 0; i < size; i++) {
                    all.add(slots[i]);
                }
            } finally {
                lock.readLock().unlock();
            }
            long removed = 0;
            for (Entry<K> e : all) {
                if (index.remove(e)) {
                    removed++;
                }
            }
            return removed;
        }

        boolean isEmpty() {
            lock.readLock().lock();
            try {
                return size == 0;
            } finally {
                lock.readLock().unlock();
            }
        }

        /** Marks an empty partition retired (adds then go to a new one); false when it is not empty. */
        boolean retireIfEmpty() {
            lock.writeLock().lock();
            try {
                if (size == 0) {
                    retired = true;
                }
                return retired;
            } finally {
                lock.writeLock().unlock();
            }
        }

        List<Hit<K>> search(float[] q, long[] qSketch, int maxDistance, float threshold, int limit, Instant now) {
            List<Hit<K>> hits = new ArrayList<>();
            lock.readLock().lock();
            try {
                for (int i = 0; i < size; i++) {
                    if (maxDistance < SKETCH_BITS && distance(qSketch, i) > maxDistance) {
                        continue;
                    }
                    float similarity = dot(q, i);
                    if (similarity >= threshold && now.isBefore(slots[i].expiresAt)) {
                        hits.add(new Hit<>(slots[i], similarity));
                    }
                }
            } finally {
                lock.readLock().unlock();
            }
            hits.sort((a, b) -> Double.compare(b.similarity(), a.similarity()));
            return hits.size() <= limit ? hits : List.copyOf(hits.subList(0, limit));
        }

        private int distance(long[] q, int slot) {
            int base = slot * WORDS;
            int d = 0;
            for (int w = 0; w < WORDS; w++) {
                d += Long.bitCount(q[w] ^ sketches[base + w]);
            }
            return d;
        }

        private float dot(float[] q, int slot) {
            int base = slot * dims;
            float s0 = 0;
            float s1 = 0;
            int i = 0;
            for (; i + 1 < dims; i += 2) {
                s0 += q[i] * Float.float16ToFloat(vectors[base + i]);
                s1 += q[i + 1] * Float.float16ToFloat(vectors[base + i + 1]);
            }
            for (; i < dims; i++) {
                s0 += q[i] * Float.float16ToFloat(vectors[base + i]);
            }
            return s0 + s1;
        }
    }
}
