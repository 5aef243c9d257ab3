package dev.ladder.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.wire.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Pure text, JSON and SVG views of {@link PolicySweep} results. */
public final class PolicyReport {

    private PolicyReport() {
    }

    /** One JSON object per operating point: policy, task, threshold, frontier share, quality, cost and ratios. */
    public static List<String> jsonLines(String policy, PolicySweep.Result r) {
        List<String> out = new ArrayList<>();
        List<PolicySweep.Point> all = new ArrayList<>();
        all.add(r.shipped());
        all.addAll(r.points());
        for (PolicySweep.Point p : all) {
            ObjectNode n = Json.object();
            n.put("policy", policy);
            n.put("shipped", p == r.shipped());
            n.put("task", r.task());
            if (!Double.isNaN(p.threshold()) && Double.isFinite(p.threshold())) {
                n.put("threshold", p.threshold());
            } else {
                n.putNull("threshold");
            }
            n.put("frontier_share", p.frontierShare());
            n.put("quality", p.quality());
            n.put("cost", p.cost());
            n.put("quality_vs_frontier", ratio(p.quality(), r.frontier().quality()));
            n.put("cost_vs_frontier", ratio(p.cost(), r.frontier().cost()));
            n.put("random_mix_quality", r.randomMixQuality(p.cost()));
            n.put("prompts", r.prompts());
            out.add(Json.write(n));
        }
        return out;
    }

    /** The task's table: the shipped policy against the frontier, the sweep every 10 %, and the baselines. */
    public static String table(String policy, String trainedOn, PolicySweep.Result r) {
        StringBuilder sb = new StringBuilder();
        PolicySweep.Single f = r.frontier();
        PolicySweep.Point shipped = r.shipped();
        sb.append(String.format(Locale.ROOT, "task %s: %d prompts; policy %s (%s)%n", r.task(), r.prompts(), policy,
                trainedOn));
        sb.append(String.format(Locale.ROOT, "  shipped policy: quality %.4f = %.1f %% of %s's %.4f, cost $%.4f = %.1f %% "
                + "of its $%.4f; the random mix at that cost: %.4f; routed to the frontier tier first: %.1f %%%n",
                shipped.quality(), 100 * ratio(shipped.quality(), f.quality()), f.name(), f.quality(), shipped.cost(),
                100 * ratio(shipped.cost(), f.cost()), f.cost(), r.randomMixQuality(shipped.cost()),
                100 * shipped.frontierShare()));
        sb.append("  sweep: the prompts the classifier scores highest start at the frontier, the rest at the cheapest tier\n");
        sb.append("  share starting at the frontier   quality  (vs frontier)      cost  (vs frontier)  random mix\n");
        int step = Math.max(1, (r.points().size() - 1) / 10);
        for (int i = 0; i < r.points().size(); i += step) {
            PolicySweep.Point p = r.points().get(i);
            sb.append(String.format(Locale.ROOT, "  %29.0f %%  %8.4f  (%6.1f %%)  %9.4f  (%6.1f %%)  %10.4f%n",
                    100 * p.frontierShare(), p.quality(), 100 * ratio(p.quality(), f.quality()), p.cost(),
                    100 * ratio(p.cost(), f.cost()), r.randomMixQuality(p.cost())));
        }
        sb.append("  single models and the oracle:\n");
        List<PolicySweep.Single> all = new ArrayList<>(r.singles());
        all.add(r.oracle());
        for (PolicySweep.Single s : all) {
            sb.append(String.format(Locale.ROOT, "    %-40s quality %.4f (%6.1f %%)  cost $%.4f (%6.1f %%)%n", s.name(),
                    s.quality(), 100 * ratio(s.quality(), f.quality()), s.cost(), 100 * ratio(s.cost(), f.cost())));
        }
        return sb.toString();
    }

    /** A quality-cost plot of the task (cost relative to the frontier model on x, quality relative on y). */
    public static void writeSvg(Path file, String policy, PolicySweep.Result r) {
        int w = 760;
        int h = 420;
        int left = 60;
        int bottom = 50;
        int top = 30;
        int right = 130;
        double maxX = 1.1;
        double minY = 0.5;
        double maxY = Math.min(1.3, Math.max(1.05, ratio(r.oracle().quality(), r.frontier().quality()) + 0.03));
        for (PolicySweep.Single s : r.singles()) {
            minY = Math.min(minY, Math.floor(10 * ratio(s.quality(), r.frontier().quality())) / 10);
            maxX = Math.max(maxX, Math.min(3, ratio(s.cost(), r.frontier().cost()) + 0.05));
        }
        for (PolicySweep.Point p : r.points()) {
            maxX = Math.max(maxX, Math.min(3, ratio(p.cost(), r.frontier().cost()) + 0.05));
        }
        double fx = (w - left - right) / maxX;
        double fy = (h - top - bottom) / (maxY - minY);
        double yMin = minY;
        java.util.function.DoubleUnaryOperator x = v -> left + v * fx;
        java.util.function.DoubleUnaryOperator y = v -> h - bottom - (v - yMin) * fy;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                + "font-family='sans-serif' font-size='12'>%n<rect width='100%%' height='100%%' fill='white'/>%n", w, h));
        sb.append(String.format(Locale.ROOT, "<text x='%d' y='18' font-size='14'>%s on %s, relative "
                + "to %s</text>%n", left, esc(policy), esc(r.task()), esc(r.frontier().name())));
        for (double gx = 0; gx <= maxX + 1e-9; gx += 0.25) {
            sb.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#eee'/>"
                    + "<text x='%.1f' y='%d' text-anchor='middle'>%.0f%%</text>%n", x.applyAsDouble(gx), top,
                    x.applyAsDouble(gx), h - bottom, x.applyAsDouble(gx), h - bottom + 16, 100 * gx));
        }
        for (double gy = Math.ceil(minY * 20) / 20; gy <= maxY + 1e-9; gy += 0.05) {
            sb.append(String.format(Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#eee'/>"
                    + "<text x='%d' y='%.1f' text-anchor='end'>%.0f%%</text>%n", left, y.applyAsDouble(gy), w - right,
                    y.applyAsDouble(gy), left - 6, y.applyAsDouble(gy) + 4, 100 * gy));
        }
        sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>cost (share of the frontier "
                + "model's)</text>%n", (w + left) / 2, h - 12));
        double fq = r.frontier().quality();
        double fc = r.frontier().cost();
        sb.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='#999' "
                + "stroke-dasharray='4 3'/>%n", x.applyAsDouble(ratio(r.cheapest().cost(), fc)),
                y.applyAsDouble(ratio(r.cheapest().quality(), fq)), x.applyAsDouble(1), y.applyAsDouble(1)));
        StringBuilder path = new StringBuilder();
        for (PolicySweep.Point p : r.points()) {
            path.append(path.isEmpty() ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f ",
                    x.applyAsDouble(ratio(p.cost(), fc)), y.applyAsDouble(ratio(p.quality(), fq))));
        }
        sb.append("<path d='").append(path).append("' fill='none' stroke='#1f6feb' stroke-width='2'/>\n");
        PolicySweep.Point s = r.shipped();
        sb.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='5' fill='#1f6feb'/><text x='%.1f' "
                + "y='%.1f'>policy as shipped</text>%n", x.applyAsDouble(ratio(s.cost(), fc)),
                y.applyAsDouble(ratio(s.quality(), fq)), x.applyAsDouble(ratio(s.cost(), fc)) + 8,
                y.applyAsDouble(ratio(s.quality(), fq)) - 8));
        List<PolicySweep.Single> dots = new ArrayList<>(r.singles());
        dots.add(r.oracle());
        for (PolicySweep.Single d : dots) {
            double dx = Math.min(maxX, ratio(d.cost(), fc));
            sb.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3.5' fill='%s'/><text x='%.1f' "
                    + "y='%.1f' fill='#555' font-size='10'>%s</text>%n", x.applyAsDouble(dx),
                    y.applyAsDouble(ratio(d.quality(), fq)), d.name().equals("oracle") ? "#2da44e" : "#555",
                    x.applyAsDouble(dx) + 6, y.applyAsDouble(ratio(d.quality(), fq)) + 12, esc(shortName(d.name()))));
        }
        sb.append("</svg>\n");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shortName(String model) {
        int slash = model.lastIndexOf('/');
        return slash < 0 ? model : model.substring(slash + 1);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&apos;");
    }

    static double ratio(double a, double b) {
        return b == 0 ? 0 : a / b;
    }
}
