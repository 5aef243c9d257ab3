package dev.ladder.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.Tier;
import dev.ladder.wire.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The audit as a table, as JSON, and as {@code tiers.png} + {@code report.html}. */
public final class AuditReport {

    public static final String CHART = "tiers.png";
    public static final String REPORT = "report.html";

    private AuditReport() {
    }

    public static String table(Audit.Result r, TrafficLog log, String router) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d requests from %s, classified by %s%s%n", r.total().requests(),
                log.source(), router, log.caveat().map(c -> " (" + c + ")").orElse("")));
        out.append("tiers: ");
        for (Tier t : Tier.values()) {
            out.append(String.format(Locale.ROOT, "%s -> %s  ", t.wireName(), r.models().get(t).name()));
        }
        out.append(String.format(Locale.ROOT, "| all-frontier: %s%n", r.frontier().name()));
        out.append(String.format(Locale.ROOT, "%-24s %8s %8s %8s %8s %12s %12s %8s%n", "feature", "requests", "simple",
                "medium", "complex", "cost USD", "frontier USD", "saved"));
        List<Map.Entry<String, Audit.Slice>> rows = new ArrayList<>(r.features().entrySet());
        rows.add(Map.entry("TOTAL", r.total()));
        for (Map.Entry<String, Audit.Slice> e : rows) {
            Audit.Slice s = e.getValue();
            out.append(String.format(Locale.ROOT, "%-24s %8d %7.1f%% %7.1f%% %7.1f%% %12.6f %12.6f %7.1f%%%n",
                    abbreviate(e.getKey()), s.requests(), pct(s, Tier.SIMPLE), pct(s, Tier.MEDIUM), pct(s, Tier.COMPLEX),
                    s.cost(), s.frontierCost(), 100 * s.savings()));
        }
        return out.toString();
    }

    public static ObjectNode json(Audit.Result r, String router) {
        ObjectNode n = Json.object();
        n.put("router", router);
        n.set("total", slice(r.total()));
        ObjectNode features = n.putObject("features");
        r.features().forEach((k, v) -> features.set(k, slice(v)));
        return n;
    }

    private static ObjectNode slice(Audit.Slice s) {
        ObjectNode n = Json.object();
        n.put("requests", s.requests());
        ObjectNode tiers = n.putObject("tiers");
        for (Tier t : Tier.values()) {
            tiers.put(t.wireName(), s.count(t));
        }
        n.put("cost_usd", s.cost());
        n.put("frontier_cost_usd", s.frontierCost());
        n.put("savings", s.savings());
        return n;
    }

    public static void write(Path dir, Audit.Result r, TrafficLog log, String router) {
        List<String> labels = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        labels.add("all traffic");
        values.add(counts(r.total()));
        r.features().forEach((k, v) -> {
            labels.add(k);
            values.add(counts(v));
        });
        Chart.bars(dir.resolve(CHART), "Tier mix by feature (" + router + ")",
                labels, List.of("simple", "medium", "complex"), values.toArray(double[][]::new));
        Html html = new Html("Cheapest viable model audit");
        html.paragraph(String.format(Locale.ROOT, "%d requests from %s, classified by %s.", r.total().requests(),
                log.source(), router));
        log.caveat().ifPresent(c -> html.paragraph("Note: " + c + "."));
        html.paragraph(String.format(Locale.ROOT, "Projected cost %.6f USD against %.6f USD with every request on %s: "
                + "%.1f %% saved.", r.total().cost(), r.total().frontierCost(), r.frontier().name(),
                100 * r.total().savings()));
        List<List<String>> rows = new ArrayList<>();
        List<Map.Entry<String, Audit.Slice>> entries = new ArrayList<>(r.features().entrySet());
        entries.add(Map.entry("TOTAL", r.total()));
        for (Map.Entry<String, Audit.Slice> e : entries) {
            Audit.Slice s = e.getValue();
            rows.add(List.of(e.getKey(), Integer.toString(s.requests()),
                    String.format(Locale.ROOT, "%.1f %%", pct(s, Tier.SIMPLE)),
                    String.format(Locale.ROOT, "%.1f %%", pct(s, Tier.MEDIUM)),
                    String.format(Locale.ROOT, "%.1f %%", pct(s, Tier.COMPLEX)),
                    String.format(Locale.ROOT, "%.6f", s.cost()), String.format(Locale.ROOT, "%.6f", s.frontierCost()),
                    String.format(Locale.ROOT, "%.1f %%", 100 * s.savings())));
        }
        html.table(List.of("feature", "requests", "simple", "medium", "complex", "cost USD", "all-frontier USD",
                "saved"), rows);
        html.image(CHART, "tier mix by feature");
        html.write(dir.resolve(REPORT));
    }

    private static double[] counts(Audit.Slice s) {
        return new double[] {s.count(Tier.SIMPLE), s.count(Tier.MEDIUM), s.count(Tier.COMPLEX)};
    }

    private static double pct(Audit.Slice s, Tier t) {
        return s.requests() == 0 ? 0 : 100.0 * s.count(t) / s.requests();
    }

    private static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 23) + "…";
    }
}
