package dev.ladder.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.wire.Json;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The multi-model frontier as a table, JSON, and {@code frontier.png} + {@code report.html}. */
public final class FrontierReport {

    public static final String CHART = "frontier.png";
    public static final String REPORT = "report.html";

    private FrontierReport() {
    }

    public static String table(Frontier.Result r, String router, int n) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%d prompts, 3-tier policies ranked by %s: %d tried, %d on the frontier%n", n, router,
                r.policies().size(), r.frontier().size()));
        out.append(String.format(Locale.ROOT, "%-14s %12s %9s   %s%n", "policy", "cost/prompt", "quality",
                "share on " + String.join(" / ", r.models())));
        for (int k = 0; k < r.single().size(); k++) {
            row(out, "only " + (char) ('A' + k), r.single().get(k));
        }
        for (Frontier.Policy p : r.frontier()) {
            row(out, "frontier", p);
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String label, Frontier.Policy p) {
        out.append(String.format(Locale.ROOT, "%-14s %12.6g %9.4f   %.0f%% / %.0f%% / %.0f%%%n", label, p.cost(),
                p.quality(), 100 * p.shares()[0], 100 * p.shares()[1], 100 * p.shares()[2]));
    }

    public static ObjectNode json(Frontier.Result r, String router, int n) {
        ObjectNode o = Json.object();
        o.put("router", router);
        o.put("n", n);
        ArrayNode models = o.putArray("models");
        r.models().forEach(models::add);
        ArrayNode frontier = o.putArray("frontier");
        for (Frontier.Policy p : r.frontier()) {
            frontier.addArray().add(p.cost()).add(p.quality()).add(p.shares()[0]).add(p.shares()[1]).add(p.shares()[2]);
        }
        return o;
    }

    public static void write(Path dir, Frontier.Result r, String router, int n) {
        List<Chart.Series> series = new ArrayList<>();
        series.add(new Chart.Series("policies tried", points(r.policies()), Chart.Style.POINTS, new Color(0xcccccc)));
        series.add(new Chart.Series("frontier (" + router + ")", points(r.frontier()), Chart.Style.SOLID, null));
        for (int k = 0; k < r.single().size(); k++) {
            series.add(new Chart.Series("only " + r.models().get(k), points(List.of(r.single().get(k))),
                    Chart.Style.POINTS, null));
        }
        double maxCost = r.policies().stream().mapToDouble(Frontier.Policy::cost).max().orElse(1);
        Chart.lines(dir.resolve(CHART), "Cost / quality frontier of 3-tier policies", "mean cost per prompt",
                "quality", series, 0, maxCost * 1.02, false, false);
        Html html = new Html("Cost / quality frontier of 3-tier policies");
        html.paragraph(table(r, router, n).lines().findFirst().orElse(""));
        List<List<String>> rows = new ArrayList<>();
        for (Frontier.Policy p : r.frontier()) {
            rows.add(List.of(String.format(Locale.ROOT, "%.6g", p.cost()), String.format(Locale.ROOT, "%.4f", p.quality()),
                    String.format(Locale.ROOT, "%.0f%% / %.0f%% / %.0f%%", 100 * p.shares()[0], 100 * p.shares()[1],
                            100 * p.shares()[2])));
        }
        html.table(List.of("cost per prompt", "quality", "share on " + String.join(" / ", r.models())), rows);
        html.image(CHART, "frontier");
        html.write(dir.resolve(REPORT));
    }

    private static double[][] points(List<Frontier.Policy> policies) {
        return policies.stream().map(p -> new double[] {p.cost(), p.quality()}).toArray(double[][]::new);
    }
}
