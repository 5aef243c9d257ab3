package dev.ladder.eval;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.CacheStatus;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.pipeline.DecisionTotals;
import dev.ladder.wire.Json;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a period of the decision log adds up to, for {@code ladder report}: spend against the all-frontier
 * baseline, the tier mix, the escalation and cache hit rates, latency, and where the money went (features,
 * answering models, and every upstream call's model). Pure: rows in, a report out, as a text table or JSON.
 *
 * @param totals requests, failures, escalations, cache hits, spend, baseline, cache savings, tier mix
 * @param cacheLookups requests that looked a cache up (cache status other than {@code bypass})
 * @param latencyP50Ms median latency of the period's requests in milliseconds (0 when there are none)
 * @param features per {@code x-ladder-feature} tag (untagged: {@code none}), most spend first
 * @param models per model that answered (cache hits and failures: {@code none}), most spend first
 * @param calls per model of every upstream call (answers, judges, the LLM classifier, failed calls), most spend first
 */
public record DecisionReport(Instant from, Instant to, DecisionTotals totals, long cacheLookups, long latencyP50Ms,
        long latencyP95Ms, List<Line> features, List<Line> models, List<Line> calls) {

    /** Lines kept per breakdown. */
    public static final int TOP = 10;

    /** One group: how many requests (or calls), what they cost and what the baseline would have. */
    public record Line(String name, long count, double costUsd, double baselineCostUsd) {
        public Line {
            requireNonNull(name, "name is null");
        }

        Line plus(long n, double cost, double baseline) {
            return new Line(name, count + n, costUsd + cost, baselineCostUsd + baseline);
        }
    }

    public DecisionReport {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(totals, "totals is null");
        features = List.copyOf(features);
        models = List.copyOf(models);
        calls = List.copyOf(calls);
    }

    public static DecisionReport of(Instant from, Instant to, List<DecisionRow> rows) {
        Map<String, Line> features = new TreeMap<>();
        Map<String, Line> models = new TreeMap<>();
        Map<String, Line> calls = new TreeMap<>();
        long lookups = 0;
        long[] latencies = new long[rows.size()];
        int i = 0;
        for (DecisionRow r : rows) {
            lookups += r.cacheStatus() == CacheStatus.BYPASS ? 0 : 1;
            latencies[i++] = r.latencyMs();
            add(features, r.feature().orElse("none"), 1, r.costUsd(), r.baselineCostUsd());
            add(models, r.model().filter(m -> !r.cacheStatus().isHit()).orElse("none"), 1, r.costUsd(),
                    r.baselineCostUsd());
            r.attempts().forEach(a -> add(calls, a.model(), 1, a.costUsd(), 0));
        }
        Arrays.sort(latencies);
        return new DecisionReport(from, to, DecisionTotals.of(rows), lookups, percentile(latencies, 0.50),
                percentile(latencies, 0.95), top(features), top(models), top(calls));
    }

    private static void add(Map<String, Line> lines, String name, long n, double cost, double baseline) {
        lines.merge(name, new Line(name, n, cost, baseline), (a, b) -> a.plus(b.count(), b.costUsd(),
                b.baselineCostUsd()));
    }

    private static List<Line> top(Map<String, Line> lines) {
        return lines.values().stream().sorted(Comparator.comparingDouble(Line::costUsd).reversed()
                .thenComparing(Comparator.comparingLong(Line::count).reversed()).thenComparing(Line::name))
                .limit(TOP).toList();
    }

    /** The nearest-rank percentile of sorted values; 0 for none. */
    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** Cache hits over the requests that looked a cache up; 0 when none did. */
    public double cacheHitRate() {
        return cacheLookups == 0 ? 0 : (double) totals.cacheHits() / cacheLookups;
    }

    /** What routing saved as a share of the baseline; 0 when the baseline is 0. */
    public double savingShare() {
        return totals.baselineCostUsd() == 0 ? 0 : totals.savingUsd() / totals.baselineCostUsd();
    }

    public ObjectNode json() {
        ObjectNode o = Json.object();
        o.put("from", from.toString()).put("to", to.toString());
        DecisionTotals t = totals;
        o.put("requests", t.requests()).put("failed", t.failed());
        o.put("cost_usd", t.costUsd()).put("baseline_cost_usd", t.baselineCostUsd()).put("saving_usd", t.savingUsd())
                .put("saving_share", savingShare()).put("cache_saved_usd", t.cacheSavedUsd());
        o.put("escalated", t.escalated()).put("escalation_rate", t.escalationRate());
        o.put("cache_lookups", cacheLookups).put("cache_hits", t.cacheHits()).put("cache_hit_rate", cacheHitRate());
        o.put("latency_p50_ms", latencyP50Ms).put("latency_p95_ms", latencyP95Ms);
        ObjectNode mix = o.putObject("tier_mix");
        t.tierMix().forEach(mix::put);
        lines(o, "top_features", features, true);
        lines(o, "top_models", models, true);
        lines(o, "upstream_calls", calls, false);
        return o;
    }

    private static void lines(ObjectNode o, String name, List<Line> lines, boolean withBaseline) {
        var array = o.putArray(name);
        lines.forEach(l -> {
            ObjectNode line = array.addObject().put("name", l.name()).put("count", l.count())
                    .put("cost_usd", l.costUsd());
            if (withBaseline) {
                line.put("baseline_cost_usd", l.baselineCostUsd());
            }
        });
    }

    public String table() {
        DecisionTotals t = totals;
        StringBuilder s = new StringBuilder();
        s.append("decision log report, ").append(from).append(" .. ").append(to).append('\n');
        s.append(String.format(Locale.ROOT, "requests           %d (%d failed)%n", t.requests(), t.failed()));
        s.append(String.format(Locale.ROOT, "spend              $%.6f%n", t.costUsd()));
        s.append(String.format(Locale.ROOT, "all-frontier       $%.6f%n", t.baselineCostUsd()));
        s.append(String.format(Locale.ROOT, "saving             $%.6f (%.1f%% of the baseline)%n", t.savingUsd(),
                100 * savingShare()));
        s.append(String.format(Locale.ROOT, "cache saved        $%.6f%n", t.cacheSavedUsd()));
        s.append(String.format(Locale.ROOT, "escalation rate    %.1f%% (%d requests)%n", 100 * t.escalationRate(),
                t.escalated()));
        s.append(String.format(Locale.ROOT, "cache hit rate     %.1f%% (%d of %d lookups)%n", 100 * cacheHitRate(),
                t.cacheHits(), cacheLookups));
        s.append(String.format(Locale.ROOT, "latency            p50 %d ms, p95 %d ms%n", latencyP50Ms, latencyP95Ms));
        s.append("\ntier mix\n");
        Map<String, Long> mix = new LinkedHashMap<>(t.tierMix());
        mix.forEach((tier, n) -> s.append(String.format(Locale.ROOT, "  %-16s %8d  %5.1f%%%n", tier, n,
                t.requests() == 0 ? 0.0 : 100.0 * n / t.requests())));
        section(s, "top features (x-ladder-feature)", "requests", features, true);
        section(s, "top models (answered)", "requests", models, true);
        section(s, "upstream calls by model (answers, judges, classifier)", "calls", calls, false);
        return s.toString();
    }

    private static void section(StringBuilder s, String title, String unit, List<Line> lines,
            boolean withBaseline) {
        s.append('\n').append(title).append('\n');
        s.append(String.format(Locale.ROOT, "  %-24s %8s %14s %14s%n", "", unit, "spend $",
                withBaseline ? "baseline $" : ""));
        lines.forEach(l -> s.append(String.format(Locale.ROOT, "  %-24s %8d %14.6f %14s%n", l.name(), l.count(),
                l.costUsd(), withBaseline ? String.format(Locale.ROOT, "%.6f", l.baselineCostUsd()) : "")
                .stripTrailing()).append('\n'));
    }
}
