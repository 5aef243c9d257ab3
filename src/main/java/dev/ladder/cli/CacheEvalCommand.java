package dev.ladder.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.cache.CacheConfig;
import dev.ladder.cache.CacheScope;
import dev.ladder.cache.SemanticCache;
import dev.ladder.cache.SemanticGuard;
import dev.ladder.embed.Embedder;
import dev.ladder.embed.Embedders;
import dev.ladder.model.ChatResponse;
import dev.ladder.wire.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the semantic cache on labelled pairs ({@code text_a<TAB>text_b<TAB>label}, 1 = same meaning): for
 * each pair, in a scope of its own, stores {@code text_a} and looks up {@code text_b} through the very
 * {@link SemanticCache} the gateway uses (embedding model, truncation rule, index and guard). A lookup that
 * finds {@code text_a} at threshold t is a hit at t; a hit on a pair labelled 0 is a false hit. Reports, at each
 * threshold of a sweep and at the configured default: precision (right hits / hits), recall (hits on
 * duplicates / duplicates) and false-hit rate (hits on non-duplicates / non-duplicates).
 *
 * <p>Run: {@code ./ladder cache-eval --pairs ../shared/data/qqp/qqp_dev_12k.tsv --out target/cache-eval}
 * (add {@code --split even} or {@code odd} to score one half: calibrate on one, report on the other).
 */
@Command(name = "cache-eval", mixinStandardHelpOptions = true,
        description = "Measures the semantic cache's precision, recall and false-hit rate on labelled text pairs.")
final class CacheEvalCommand implements Callable<Integer> {

    static final double SWEEP_FROM = 0.80;
    static final double SWEEP_TO = 0.99;
    static final double SWEEP_STEP = 0.005;

    @Option(names = "--pairs", required = true, paramLabel = "FILE.tsv",
            description = "text_a<TAB>text_b<TAB>label (1 = duplicate); a header line is skipped.")
    Path pairs;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write cache-eval.json and cache-eval.png here.")
    Path out;

    @Option(names = "--threshold", paramLabel = "X",
            description = "The threshold reported as the default (default: the shipped default, ${DEFAULT-VALUE}).")
    double threshold = CacheConfig.Semantic.DEFAULT_THRESHOLD;

    @Option(names = "--split", paramLabel = "all|even|odd", defaultValue = "all",
            description = "Score all pairs, or only those on even or odd data lines (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--no-guard", description = "Measure without the guard (the baseline it is compared with).")
    boolean noGuard;

    @Option(names = "--target-fhr", paramLabel = "RATE", defaultValue = "0.008",
            description = "Also report the lowest threshold whose false-hit rate is at most this (default: ${DEFAULT-VALUE}).")
    double targetFhr;

    /** One scored pair: its label and the similarity at which the cache found text_a (NaN: never). */
    record Outcome(boolean duplicate, double similarity) {
    }

    /** Counts at one threshold. */
    record Point(double threshold, long hits, long falseHits, long duplicates, long others) {
        double precision() {
            return hits == 0 ? 1 : (double) (hits - falseHits) / hits;
        }

        double recall() {
            return duplicates == 0 ? 0 : (double) (hits - falseHits) / duplicates;
        }

        double falseHitRate() {
            return others == 0 ? 0 : (double) falseHits / others;
        }

        ObjectNode toJson() {
            ObjectNode n = Json.object();
            n.put("threshold", round(threshold));
            n.put("precision", round(precision()));
            n.put("recall", round(recall()));
            n.put("false_hit_rate", round(falseHitRate()));
            n.put("hits", hits);
            n.put("false_hits", falseHits);
            return n;
        }
    }

    @Override
    public Integer call() throws IOException {
        if (!List.of("all", "even", "odd").contains(split)) {
            throw new IllegalArgumentException("--split must be all, even or odd");
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("--threshold must be > 0 and <= 1");
        }
        List<String[]> rows = read(pairs, split);
        Embedder embedder = Embedders.miniLm();
        SemanticCache cache = new SemanticCache(embedder, noGuard ? SemanticGuard.disabled() : new SemanticGuard(),
                Math.max(1, rows.size()),
                Long.MAX_VALUE, InstantSource.system());
        long start = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>(rows.size());
        int refused = 0;
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            Optional<Double> similarity = score(cache, i, r[0], r[1]);
            if (similarity.isEmpty()) {
                refused++;
            }
            outcomes.add(new Outcome(r[2].equals("1"), similarity.orElse(Double.NaN)));
            if (!json && (i + 1) % 2000 == 0) {
                System.err.printf(Locale.ROOT, "cache-eval: %d/%d pairs (%.0f s)%n", i + 1, rows.size(),
                        (System.nanoTime() - start) / 1e9);
            }
        }
        ObjectNode report = report(outcomes, refused, embedder.name());
        if (json) {
            System.out.println(Json.write(report));
        } else {
            System.out.print(text(report));
        }
        if (out != null) {
            Files.createDirectories(out);
            Files.writeString(out.resolve("cache-eval.json"), Json.write(report) + "\n", StandardCharsets.UTF_8);
            EvalChart.write(out.resolve("cache-eval.png"), sweep(outcomes), threshold, embedder.name());
            if (!json) {
                System.out.println("wrote " + out.resolve("cache-eval.json") + " and " + out.resolve("cache-eval.png"));
            }
        }
        return 0;
    }

    /**
     * Stores {@code a} and looks up {@code b} in a scope of their own, at the sweep's lowest threshold; the
     * similarity of the hit, or empty when either text may not be matched (longer than the model reads).
     */
    static Optional<Double> score(SemanticCache cache, int pair, String a, String b) {
        Optional<SemanticCache.Query> qa = cache.query(a);
        Optional<SemanticCache.Query> qb = cache.query(b);
        if (qa.isEmpty() || qb.isEmpty()) {
            return Optional.empty();
        }
        SemanticCache.Key key = new SemanticCache.Key(new CacheScope("cache-eval", "pair-" + pair), "");
        cache.put(key, qa.get(), placeholder(), 0, Duration.ofDays(1));
        return Optional.of(cache.lookup(key, qb.get(), SWEEP_FROM).map(SemanticCache.Match::similarity)
                .orElse(Double.NaN));
    }

    private static ChatResponse placeholder() {
        return new ChatResponse("cache-eval", 0, "cache-eval", List.of(new ChatResponse.Choice(0, "", null, null,
                "stop", null)), Optional.empty(), Optional.empty());
    }

    static List<String[]> read(Path file, String split) throws IOException {
        List<String[]> rows = new ArrayList<>();
        int line = 0;
        int data = 0;
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            line++;
            if (l.isBlank()) {
                continue;
            }
            String[] f = l.split("\t", -1);
            if (f.length != 3) {
                throw new IllegalArgumentException(file + ":" + line + ": expected text_a<TAB>text_b<TAB>label");
            }
            String label = f[2].strip();
            if (!label.equals("0") && !label.equals("1")) {
                if (line == 1) {
                    continue; // a header
                }
                throw new IllegalArgumentException(file + ":" + line + ": label must be 0 or 1, got '" + label + "'");
            }
            boolean keep = switch (split) {
                case "even" -> data % 2 == 0;
                case "odd" -> data % 2 == 1;
                default -> true;
            };
            data++;
            if (keep) {
                rows.add(new String[] {f[0], f[1], label});
            }
        }
        return rows;
    }

    static Point at(List<Outcome> outcomes, double t) {
        long hits = 0;
        long falseHits = 0;
        long duplicates = 0;
        for (Outcome o : outcomes) {
            boolean hit = o.similarity() >= t;
            if (o.duplicate()) {
                duplicates++;
            }
            if (hit) {
                hits++;
                if (!o.duplicate()) {
                    falseHits++;
                }
            }
        }
        return new Point(t, hits, falseHits, duplicates, outcomes.size() - duplicates);
    }

    static List<Point> sweep(List<Outcome> outcomes) {
        List<Point> points = new ArrayList<>();
        int steps = (int) Math.round((SWEEP_TO - SWEEP_FROM) / SWEEP_STEP);
        for (int i = 0; i <= steps; i++) {
            points.add(at(outcomes, round(SWEEP_FROM + i * SWEEP_STEP)));
        }
        return points;
    }

    /** The lowest threshold (in steps of 0.0005) whose false-hit rate is at most the target. */
    static Optional<Point> calibrated(List<Outcome> outcomes, double targetFhr) {
        for (int i = 0; i <= 400; i++) {
            Point p = at(outcomes, round(SWEEP_FROM + i * 0.0005));
            if (p.falseHitRate() <= targetFhr) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private ObjectNode report(List<Outcome> outcomes, int refused, String model) {
        ObjectNode root = Json.object();
        root.put("model", model);
        root.put("guard", !noGuard);
        root.put("pairs", outcomes.size());
        root.put("split", split);
        root.put("not_matchable", refused);
        root.put("threshold_default", threshold);
        Point d = at(outcomes, threshold);
        ObjectNode atDefault = d.toJson();
        atDefault.remove("threshold");
        root.set("at_default", atDefault);
        calibrated(outcomes, targetFhr).ifPresent(p -> {
            ObjectNode c = p.toJson();
            c.put("target_false_hit_rate", targetFhr);
            root.set("calibrated", c);
        });
        ArrayNode sweep = root.putArray("sweep");
        sweep(outcomes).forEach(p -> sweep.add(p.toJson()));
        return root;
    }

    private static String text(ObjectNode r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "model %s, guard %s, %d pairs (%s), %d not matchable (longer than the "
                + "model reads)%n", r.get("model").asText(), r.get("guard").asBoolean() ? "on" : "off",
                r.get("pairs").asInt(), r.get("split").asText(), r.get("not_matchable").asInt()));
        sb.append(String.format(Locale.ROOT, "%9s %9s %9s %9s %7s %7s%n", "threshold", "precision", "recall", "fhr",
                "hits", "false"));
        for (var p : r.get("sweep")) {
            sb.append(row(p, p.get("threshold").asDouble(), ""));
        }
        ObjectNode d = (ObjectNode) r.get("at_default");
        sb.append(row(d, r.get("threshold_default").asDouble(), "  <- default"));
        if (r.has("calibrated")) {
            var c = r.get("calibrated");
            sb.append(row(c, c.get("threshold").asDouble(), "  <- lowest with fhr <= "
                    + c.get("target_false_hit_rate").asDouble()));
        }
        return sb.toString();
    }

    private static String row(com.fasterxml.jackson.databind.JsonNode p, double t, String note) {
        return String.format(Locale.ROOT, "%9.4f %9.4f %9.4f %9.4f %7d %7d%s%n", t, p.get("precision").asDouble(),
                p.get("recall").asDouble(), p.get("false_hit_rate").asDouble(), p.get("hits").asLong(),
                p.get("false_hits").asLong(), note);
    }

    static double round(double v) {
        return Math.round(v * 100_000) / 100_000.0;
    }
}
