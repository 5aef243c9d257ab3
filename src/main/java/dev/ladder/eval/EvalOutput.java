package dev.ladder.eval;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ladder eval --out DIR}: {@code chart.png} (quality against strong share, one line per router, the
 * random and oracle baselines dashed and dotted, the weak and strong models' quality as flat lines) and
 * {@code report.html} (the table, the chart, and per-group numbers for the first trained or scored router).
 */
public final class EvalOutput {

    public static final String CHART = "chart.png";
    public static final String REPORT = "report.html";

    private EvalOutput() {
    }

    public static void write(Path dir, String title, String dataLine, Dataset data, List<RouterResult> results) {
        Path chart = dir.resolve(CHART);
        chart(chart, title, results);
        Html html = new Html(title);
        html.paragraph(dataLine);
        html.table(List.of("router", "APGR", "CPT(50%)", "CPT(80%)", "scored by"), results.stream().map(r -> List.of(
                r.router(), String.format(Locale.ROOT, "%.3f", r.apgr()), EvalReport.percent(r.cpt50()),
                EvalReport.percent(r.cpt80()), r.method())).toList());
        html.image(CHART, "quality against the share of calls on the strong model");
        results.stream().filter(r -> r.scores().length > 0 && !r.router().equals("random")).findFirst()
                .ifPresent(r -> groups(html, data, r));
        html.paragraph("PGR(x) = (quality(x) - weak) / (strong - weak); APGR = mean PGR over the strong share (trapezoid, "
                + results.getFirst().steps() + " steps); CPT(p) = smallest strong share whose PGR reaches p. Ties in a "
                + "router's scores count as a random pick within the tie. The oracle is RouteLLM's: strong only where "
                + "the strong model is better.");
        html.write(dir.resolve(REPORT));
    }

    static void chart(Path file, String title, List<RouterResult> results) {
        List<Chart.Series> series = new ArrayList<>();
        for (RouterResult r : results) {
            double[][] points = r.curve().sample(r.steps());
            String label = String.format(Locale.ROOT, "%s\nAPGR %.3f, CPT50 %s", r.router(), r.apgr(),
                    EvalReport.percent(r.cpt50()));
            Chart.Style style = switch (r.router()) {
                case "random" -> Chart.Style.DASHED;
                case "oracle" -> Chart.Style.DOTTED;
                default -> Chart.Style.SOLID;
            };
            Color color = switch (r.router()) {
                case "random" -> Chart.gray();
                case "oracle" -> Chart.black();
                default -> null;
            };
            series.add(new Chart.Series(label, points, style, color));
        }
        RoutingCurve any = results.getFirst().curve();
        series.add(new Chart.Series(String.format(Locale.ROOT, "weak only %.1f%%", 100 * any.weak()),
                new double[][] {{0, any.weak()}, {1, any.weak()}}, Chart.Style.DOTTED, new Color(0xbcbd22)));
        series.add(new Chart.Series(String.format(Locale.ROOT, "strong only %.1f%%", 100 * any.strong()),
                new double[][] {{0, any.strong()}, {1, any.strong()}}, Chart.Style.DOTTED, new Color(0x17becf)));
        Chart.lines(file, title, "share of calls on the strong model", "quality (mean correctness / score)", series,
                0, 1, true, true);
    }

    /** Per group (file): rows, weak and strong quality, the router's mean score and share sent strong at 50 %. */
    private static void groups(Html html, Dataset data, RouterResult r) {
        double threshold = r.curve().threshold(0.5).orElse(Double.POSITIVE_INFINITY);
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int i = 0; i < data.size(); i++) {
            byGroup.computeIfAbsent(data.groups().get(i), k -> new ArrayList<>()).add(i);
        }
        if (byGroup.size() < 2) {
            return;
        }
        html.heading("Per group: " + r.router() + " at an overall strong share of 50 %");
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : byGroup.entrySet()) {
            List<Integer> idx = e.getValue();
            double strongShare = idx.stream().filter(i -> r.scores()[i] >= threshold).count() / (double) idx.size();
            double meanScore = idx.stream().mapToDouble(i -> r.scores()[i]).average().orElse(0);
            rows.add(List.of(e.getKey(), Integer.toString(idx.size()), String.format(Locale.ROOT, "%.3f", meanScore),
                    String.format(Locale.ROOT, "%.0f %%", 100 * strongShare)));
        }
        html.table(List.of("group", "rows", "mean score", "sent to strong"), rows);
    }
}
