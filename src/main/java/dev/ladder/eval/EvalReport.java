package dev.ladder.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.wire.Json;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** The console forms of an evaluation: a table for people, one JSON object per router for scripts. */
public final class EvalReport {

    private EvalReport() {
    }

    /** {@code {"router", "n", "apgr", "cpt50", "cpt80", "weak", "strong", "curve": [[share, quality], ...]}}. */
    public static ObjectNode json(RouterResult r) {
        ObjectNode n = Json.object();
        n.put("router", r.router());
        n.put("n", r.n());
        number(n, "apgr", r.apgr());
        optional(n, "cpt50", r.cpt50());
        optional(n, "cpt80", r.cpt80());
        number(n, "weak", r.curve().weak());
        number(n, "strong", r.curve().strong());
        ArrayNode curve = n.putArray("curve");
        for (double[] point : r.curve().sample(r.steps())) {
            curve.addArray().add(round(point[0])).add(round(point[1]));
        }
        return n;
    }

    private static void number(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, round(v));
        } else {
            n.putNull(field);
        }
    }

    private static void optional(ObjectNode n, String field, OptionalDouble v) {
        if (v.isPresent()) {
            number(n, field, v.getAsDouble());
        } else {
            n.putNull(field);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    public static String table(String dataLine, List<RouterResult> results) {
        StringBuilder out = new StringBuilder(dataLine).append('\n');
        int width = Math.max(8, results.stream().mapToInt(r -> r.router().length()).max().orElse(8));
        out.append(String.format(Locale.ROOT, "%-" + width + "s  %6s  %8s  %8s  %s%n", "router", "APGR", "CPT(50%)",
                "CPT(80%)", "scored by"));
        for (RouterResult r : results) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s  %6.3f  %8s  %8s  %s%n", r.router(), r.apgr(),
                    percent(r.cpt50()), percent(r.cpt80()), r.method()));
        }
        return out.toString();
    }

    static String percent(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.1f %%", 100 * v.getAsDouble()) : "never";
    }

    static String percent(double v) {
        return String.format(Locale.ROOT, "%.2f %%", 100 * v);
    }
}
