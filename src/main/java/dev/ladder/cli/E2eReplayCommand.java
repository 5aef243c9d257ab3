package dev.ladder.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import dev.ladder.eval.Exclusions;
import dev.ladder.wire.Csv;
import dev.ladder.wire.Json;
import dev.ladder.wire.Tokens;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Routing measured end to end: every question of a labelled replay file (RouteLLM's GSM8K: each model's real
 * answer and whether it was right) goes through a running gateway whose simulated weak and strong models
 * replay those recorded answers. Accuracy is the recorded correctness of the answer the gateway returned;
 * cost is what the gateway billed, against the same tokens all on the strong model.
 *
 * <p>Run: {@code ./ladder e2e-replay --data ../shared/data/routellm/gsm8k/gsm8k_responses.csv
 * --exclude ../shared/data/routellm/gsm8k/contaminated_prompts.jsonl --strategy cascade}
 */
@Command(name = "e2e-replay", mixinStandardHelpOptions = true,
        description = "Sends a labelled replay data set through a running gateway; reports accuracy and cost.")
final class E2eReplayCommand implements Callable<Integer> {

    static final String WEAK = "mistralai/Mixtral-8x7B-Instruct-v0.1";
    static final String STRONG = "gpt-4-1106-preview";

    @Option(names = "--data", required = true, description = "CSV with prompt, <weak>, <strong>, <weak>_response, <strong>_response.")
    Path data;

    @Option(names = "--weak", defaultValue = WEAK, description = "Weak model column (default ${DEFAULT-VALUE}).")
    String weak;

    @Option(names = "--strong", defaultValue = STRONG, description = "Strong model column (default ${DEFAULT-VALUE}).")
    String strong;

    @Option(names = "--exclude", arity = "1..*", description = "JSONL files of prompts to drop (contamination lists).")
    List<Path> exclude = List.of();

    @Option(names = "--strategy", defaultValue = "direct",
            description = "direct | cascade | race (sent as x-ladder-strategy; default ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--feature", defaultValue = "math",
            description = "x-ladder-feature, which picks the validation route (default ${DEFAULT-VALUE}).")
    String feature;

    @Option(names = "--limit", description = "Only the first N questions.")
    Integer limit;

    @Option(names = "--concurrency", defaultValue = "8", description = "Requests in flight (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--medium", defaultValue = "strong",
            description = "Which model serves the medium tier: weak or strong (default ${DEFAULT-VALUE}).")
    String medium;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    record Row(String prompt, boolean weakRight, boolean strongRight, String strongAnswer) {

        /** What the strong model alone would have cost for this question: one call, at its price. */
        double allStrongCost() {
            ObjectNode body = Json.object();
            body.put("model", "strong");
            body.putArray("messages").addObject().put("role", "user").put("content", prompt);
            int in = Tokens.promptTokens(dev.ladder.wire.OpenAiRequests.parse(body));
            return (in * STRONG_PRICE_IN + Tokens.count(strongAnswer) * STRONG_PRICE_OUT) / 1_000_000.0;
        }
    }

    static final double STRONG_PRICE_IN = 10;
    static final double STRONG_PRICE_OUT = 30;

    @Override
    public Integer call() throws Exception {
        List<Row> rows = load();
        Path dataDir = Files.createTempDirectory("ladder-e2e");
        LadderConfig cfg = ConfigLoader.parse(config(), dataDir, Map.of());
        cfg = cfg.withServer(cfg.server().withPort(0).withDataDir(dataDir));
        try (Gateway gateway = Gateway.start(cfg, InstantSource.system());
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency), Thread.ofVirtual().factory())) {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Row r : rows) {
                futures.add(pool.submit(() -> send(http, gateway.baseUrl(), r)));
            }
            Tally t = new Tally();
            for (Future<Outcome> f : futures) {
                t.add(f.get());
            }
            t.allStrong = rows.stream().mapToDouble(Row::allStrongCost).sum();
            System.out.println(json ? Json.write(t.json(rows, strategy)) : t.report(rows, strategy));
            return t.errors == 0 ? 0 : 1;
        }
    }

    record Outcome(boolean ok, boolean right, boolean strongAnswered, double cost, double baseline, int escalations) {
    }

    private Outcome send(HttpClient http, String base, Row row) throws Exception {
        ObjectNode body = Json.object();
        body.put("model", "ladder/auto");
        body.putArray("messages").addObject().put("role", "user").put("content", row.prompt());
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("Content-Type", "application/json").header("x-ladder-strategy", strategy)
                .header("x-ladder-feature", feature).timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            return new Outcome(false, false, false, 0, 0, 0);
        }
        boolean strongAnswered = res.headers().firstValue("x-ladder-model").orElse("").equals("strong");
        return new Outcome(true, strongAnswered ? row.strongRight() : row.weakRight(), strongAnswered,
                Double.parseDouble(res.headers().firstValue("x-ladder-cost-usd").orElse("0")),
                Double.parseDouble(res.headers().firstValue("x-ladder-baseline-cost-usd").orElse("0")),
                Integer.parseInt(res.headers().firstValue("x-ladder-escalations").orElse("0")));
    }

    private List<Row> load() throws Exception {
        Set<String> excluded = Exclusions.load(exclude);
        List<List<String>> table;
        try (Reader in = Files.newBufferedReader(data, StandardCharsets.UTF_8)) {
            table = Csv.read(in);
        }
        List<String> header = table.getFirst();
        int p = column(header, "prompt");
        int w = column(header, weak);
        int s = column(header, strong);
        int sa = column(header, strong + "_response");
        List<Row> rows = new ArrayList<>();
        for (List<String> r : table.subList(1, table.size())) {
            if (excluded.contains(r.get(p).strip())) {
                continue;
            }
            rows.add(new Row(r.get(p), Boolean.parseBoolean(r.get(w).strip()), Boolean.parseBoolean(r.get(s).strip()),
                    r.get(sa)));
            if (limit != null && rows.size() >= limit) {
                break;
            }
        }
        return rows;
    }

    private int column(List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(data + " has no column '" + name + "'");
        }
        return i;
    }

    private String config() {
        String file = data.toAbsolutePath().toString().replace("'", "''");
        return """
                providers:
                  sim:
                    kind: simulated
                    models:
                      weak-replay:
                        time_to_first_token: 0ms
                        tokens_per_second: 100000
                        answer: {mode: replay, file: '%1$s', column: '%2$s_response'}
                      strong-replay:
                        time_to_first_token: 0ms
                        tokens_per_second: 100000
                        answer: {mode: replay, file: '%1$s', column: '%3$s_response'}
                models:
                  weak: {provider: sim, model: weak-replay, price: {input: 0.6, output: 0.6}}
                  strong: {provider: sim, model: strong-replay, price: {input: %5$s, output: %6$s}}
                tiers: {simple: [weak], medium: [%4$s], complex: [strong]}
                validation:
                  routes:
                    math:
                      validators:
                        refusal:
                        rules:
                          hard: true
                          final_answer: {markers: ["####", "the answer is"]}
                          numeric: {min: 0, integer: true}
                          arithmetic: true
                """.formatted(file, weak, strong, medium, STRONG_PRICE_IN, STRONG_PRICE_OUT);
    }

    private static final class Tally {
        int n;
        int errors;
        int right;
        int strongAnswered;
        int escalated;
        double cost;
        double baseline;
        double allStrong;

        void add(Outcome o) {
            n++;
            if (!o.ok()) {
                errors++;
                return;
            }
            right += o.right() ? 1 : 0;
            strongAnswered += o.strongAnswered() ? 1 : 0;
            escalated += o.escalations() > 0 ? 1 : 0;
            cost += o.cost();
            baseline += o.baseline();
        }

        ObjectNode json(List<Row> rows, String strategy) {
            ObjectNode j = Json.object();
            j.put("strategy", strategy);
            j.put("n", n);
            j.put("errors", errors);
            j.put("accuracy", right / (double) n);
            j.put("weak_only", rows.stream().filter(Row::weakRight).count() / (double) n);
            j.put("strong_only", rows.stream().filter(Row::strongRight).count() / (double) n);
            j.put("strong_share", strongAnswered / (double) n);
            j.put("escalated_share", escalated / (double) n);
            j.put("cost_usd", cost);
            j.put("all_strong_cost_usd", allStrong);
            j.put("cost_vs_all_strong", allStrong == 0 ? 0 : cost / allStrong);
            j.put("billed_tokens_at_strong_price_usd", baseline);
            return j;
        }

        String report(List<Row> rows, String strategy) {
            ObjectNode j = json(rows, strategy);
            return String.format(Locale.ROOT, """
                    strategy %s on %d questions (%d errors)
                      accuracy            %.1f %%   (weak only %.1f %%, strong only %.1f %%)
                      answered by strong  %.1f %%   (escalated %.1f %%)
                      cost                $%.4f = %.1f %% of all-strong ($%.4f)""",
                    strategy, n, errors, 100 * j.get("accuracy").asDouble(), 100 * j.get("weak_only").asDouble(),
                    100 * j.get("strong_only").asDouble(), 100 * j.get("strong_share").asDouble(),
                    100 * j.get("escalated_share").asDouble(), cost, 100 * j.get("cost_vs_all_strong").asDouble(),
                    allStrong);
        }
    }
}
