package dev.ladder.telemetry;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Tier;
import dev.ladder.pipeline.MetricsSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The drift signal: the classifier's tier mix and mean confidence over the last hour against a reference. The
 * reference is the calibration set's when one is given; otherwise it is the gateway's own first hour, frozen
 * when that hour is over. The last hour is kept as sixty one-minute buckets read from the injected clock, so
 * memory stays constant whatever the traffic.
 */
final class Drift {

    /** A reference mix: the share of each tier (summing to 1) and the mean confidence. */
    record Reference(Map<Tier, Double> share, double meanConfidence) {
        Reference {
            share = Map.copyOf(share);
        }
    }

    static final Duration WINDOW = Duration.ofHours(1);
    private static final int BUCKETS = 60;
    private static final long BUCKET_MILLIS = WINDOW.toMillis() / BUCKETS;

    private final InstantSource clock;
    private final Instant startedAt;
    private final ReentrantLock lock = new ReentrantLock();
    private final long[][] counts = new long[BUCKETS][Tier.values().length];
    private final double[] confidenceSums = new double[BUCKETS];
    private final long[] bucketIndex = new long[BUCKETS];
    private final long[] firstHour = new long[Tier.values().length];
    private double firstHourConfidence;
    private Reference reference;

    Drift(InstantSource clock, Optional<Reference> reference) {
        this.clock = requireNonNull(clock, "clock is null");
        this.startedAt = clock.instant();
        this.reference = requireNonNull(reference, "reference is null").orElse(null);
        java.util.Arrays.fill(bucketIndex, -1);
    }

    void record(Tier tier, double confidence) {
        Instant now = clock.instant();
        long index = now.toEpochMilli() / BUCKET_MILLIS;
        int slot = (int) (index % BUCKETS);
        lock.lock();
        try {
            if (bucketIndex[slot] != index) {
                bucketIndex[slot] = index;
                java.util.Arrays.fill(counts[slot], 0);
                confidenceSums[slot] = 0;
            }
            counts[slot][tier.ordinal()]++;
            confidenceSums[slot] += confidence;
            if (now.isBefore(startedAt.plus(WINDOW))) {
                firstHour[tier.ordinal()]++;
                firstHourConfidence += confidence;
            }
        } finally {
            lock.unlock();
        }
    }

    MetricsSnapshot.Drift snapshot() {
        Instant now = clock.instant();
        long newest = now.toEpochMilli() / BUCKET_MILLIS;
        long[] tiers = new long[Tier.values().length];
        double confidence = 0;
        lock.lock();
        try {
            for (int slot = 0; slot < BUCKETS; slot++) {
                if (bucketIndex[slot] > newest - BUCKETS) {
                    for (int t = 0; t < tiers.length; t++) {
                        tiers[t] += counts[slot][t];
                    }
                    confidence += confidenceSums[slot];
                }
            }
            if (reference == null && !now.isBefore(startedAt.plus(WINDOW))) {
                long n = sum(firstHour);
                if (n > 0) {
                    reference = new Reference(shares(firstHour), firstHourConfidence / n);
                }
            }
        } finally {
            lock.unlock();
        }
        long n = sum(tiers);
        Map<Tier, Double> last = shares(tiers);
        Reference ref = reference;
        Map<Tier, Double> refShare = ref == null ? zeros() : ref.share();
        double distance = 0;
        if (ref != null && n > 0) {
            for (Tier t : Tier.values()) {
                distance += Math.abs(last.get(t) - refShare.getOrDefault(t, 0.0));
            }
            distance /= 2;
        }
        return new MetricsSnapshot.Drift(named(last), named(refShare), n == 0 ? 0 : confidence / n,
                ref == null ? 0 : ref.meanConfidence(), distance, n, ref != null);
    }

    private static long sum(long[] xs) {
        long s = 0;
        for (long x : xs) {
            s += x;
        }
        return s;
    }

    private static Map<Tier, Double> shares(long[] counts) {
        long n = sum(counts);
        Map<Tier, Double> out = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            out.put(t, n == 0 ? 0 : (double) counts[t.ordinal()] / n);
        }
        return out;
    }

    private static Map<Tier, Double> zeros() {
        return shares(new long[Tier.values().length]);
    }

    private static Map<String, Double> named(Map<Tier, Double> m) {
        Map<String, Double> out = new java.util.TreeMap<>();
        m.forEach((t, v) -> out.put(t.wireName(), v));
        return out;
    }
}
