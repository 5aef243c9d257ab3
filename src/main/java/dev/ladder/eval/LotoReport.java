package dev.ladder.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.wire.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The forms of a leave-one-task-out evaluation ({@link Evaluation#leaveOneTaskOut}): a table per held-out task for
 * people, one JSON object per task and router for scripts, and with {@code --out} a routing chart per task
 * ({@code chart-<task>.png}), the calibration chart of the first trained router ({@code calibration.png}: its
 * predicted probability that the strong model is needed against the observed rate, per task) and
 * {@code report.html}.
 */
public final class LotoReport {

    public static final String CALIBRATION_CHART = "calibration.png";
    public static final String REPORT = "report.html";
    /** Bins with fewer rows are left off the calibration chart (the table and JSON keep them): their rate is noise. */
    static final int MIN_CHART_ROWS = 10;

    private LotoReport() {
    }

    public static String table(String dataLine, List<Evaluation.TaskResult> tasks) {
        StringBuilder out = new StringBuilder(dataLine).append('\n');
        out.append("leave-one-task-out: each task scored by trained routers fitted on the other tasks only\n");
        int width = Math.max(10, tasks.stream().mapToInt(t -> t.task().length()).max().orElse(10));
        int rw = Math.max(8, tasks.getFirst().results().stream().mapToInt(r -> r.router().length()).max().orElse(8));
        String header = "%-" + width + "s  %6s  %7s  %7s  %-" + rw + "s  %6s  %8s  %8s  %5s%n";
        String row = "%-" + width + "s  %6s  %7s  %7s  %-" + rw + "s  %6.3f  %8s  %8s  %5s%n";
        out.append(String.format(Locale.ROOT, header, "task", "rows", "weak", "strong", "router", "APGR", "CPT(50%)", "CPT(80%)", "ECE"));
        for (Evaluation.TaskResult t : tasks) {
            boolean first = true;
            for (RouterResult r : t.results()) {
                CalibrationCurve c = t.calibration().get(r.router());
                out.append(String.format(Locale.ROOT, row, first ? t.task() : "", first ? Integer.toString(r.n()) : "",
                        first ? EvalReport.percent(r.curve().weak()) : "", first ? EvalReport.percent(r.curve().strong()) : "",
                        r.router(), r.apgr(), EvalReport.percent(r.cpt50()), EvalReport.percent(r.cpt80()),
                        c == null ? "" : String.format(Locale.ROOT, "%.3f", c.ece())));
                first = false;
            }
        }
        for (Evaluation.TaskResult t : tasks) {
            t.calibration().forEach((router, c) -> out.append(calibrationLine(t.task(), router, c)));
        }
        return out.toString();
    }

    private static String calibrationLine(String task, String router, CalibrationCurve c) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "calibration %s on %s: mean predicted %.3f, observed %.3f, ECE %.3f; bins (predicted -> observed, rows):",
                router, task, c.meanPredicted(), c.observedRate(), c.ece()));
        for (CalibrationCurve.Bin b : c.bins()) {
            line.append(String.format(Locale.ROOT, " %.2f->%.2f (%d)", b.predicted(), b.observed(), b.count()));
        }
        return line.append('\n').toString();
    }

    /**
     * One object per task and router: the {@link EvalReport#json} fields plus {@code task}, {@code method} and, for
     * trained routers, {@code training_rows} and {@code calibration}.
     */
    public static List<ObjectNode> json(List<Evaluation.TaskResult> tasks) {
        List<ObjectNode> out = new ArrayList<>();
        for (Evaluation.TaskResult t : tasks) {
            for (RouterResult r : t.results()) {
                ObjectNode n = Json.object();
                n.put("task", t.task());
                n.put("method", r.method());
                n.setAll(EvalReport.json(r));
                CalibrationCurve c = t.calibration().get(r.router());
                if (c != null) {
                    n.put("training_rows", t.trainingRows());
                    n.set("calibration", json(c));
                }
                out.add(n);
            }
        }
        return out;
    }

    /** {@code {"ece", "mean_predicted", "observed", "bins": [[lower, upper, rows, predicted, observed], ...]}}. */
    static ObjectNode json(CalibrationCurve c) {
        ObjectNode n = Json.object();
        n.put("ece", round(c.ece()));
        n.put("mean_predicted", round(c.meanPredicted()));
        n.put("observed", round(c.observedRate()));
        ArrayNode bins = n.putArray("bins");
        for (CalibrationCurve.Bin b : c.bins()) {
            bins.addArray().add(round(b.lower())).add(round(b.upper())).add(b.count()).add(round(b.predicted()))
                    .add(round(b.observed()));
        }
        return n;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    public static void write(Path dir, String title, String dataLine, List<Evaluation.TaskResult> tasks) {
        Html html = new Html(title);
        html.paragraph(dataLine);
        html.paragraph("Leave-one-task-out: each task is scored by trained routers whose recipe was fitted on the other "
                + "tasks only; the heuristic and the baselines are scored as they are.");
        List<List<String>> rows = new ArrayList<>();
        for (Evaluation.TaskResult t : tasks) {
            for (RouterResult r : t.results()) {
                CalibrationCurve c = t.calibration().get(r.router());
                rows.add(List.of(t.task(), Integer.toString(r.n()), r.router(), String.format(Locale.ROOT, "%.3f", r.apgr()),
                        EvalReport.percent(r.cpt50()), EvalReport.percent(r.cpt80()),
                        c == null ? "" : String.format(Locale.ROOT, "%.3f", c.ece()), r.method()));
            }
        }
        html.table(List.of("task", "rows", "router", "APGR", "CPT(50%)", "CPT(80%)", "ECE", "scored by"), rows);
        Map<String, CalibrationCurve> first = firstTrained(tasks);
        if (!first.isEmpty()) {
            calibrationChart(dir.resolve(CALIBRATION_CHART), first);
            html.heading("Calibration");
            html.image(CALIBRATION_CHART,
                    "predicted probability that the strong model is needed against the observed rate");
        }
        for (Evaluation.TaskResult t : tasks) {
            String chart = "chart-" + fileName(t.task()) + ".png";
            EvalOutput.chart(dir.resolve(chart), t.task() + " (held out)", t.results());
            html.heading(t.task());
            html.image(chart, "quality against the share of calls on the strong model, " + t.task());
        }
        html.write(dir.resolve(REPORT));
    }

    /** The calibration curve of the first trained router, per task. */
    private static Map<String, CalibrationCurve> firstTrained(List<Evaluation.TaskResult> tasks) {
        Map<String, CalibrationCurve> out = new java.util.LinkedHashMap<>();
        for (Evaluation.TaskResult t : tasks) {
            t.calibration().values().stream().findFirst().ifPresent(c -> out.put(t.task(), c));
        }
        return out;
    }

    static void calibrationChart(Path file, Map<String, CalibrationCurve> byTask) {
        List<Chart.Series> series = new ArrayList<>();
        series.add(new Chart.Series("perfectly calibrated", new double[][] {{0, 0}, {1, 1}}, Chart.Style.DASHED,
                Chart.gray()));
        byTask.forEach((task, c) -> series.add(new Chart.Series(String.format(Locale.ROOT, "%s\nECE %.3f", task, c.ece()),
                c.bins().stream().filter(b -> b.count() >= MIN_CHART_ROWS)
                        .map(b -> new double[] {b.predicted(), b.observed()}).toArray(double[][]::new),
                Chart.Style.SOLID, null)));
        Chart.lines(file, "Calibration on held-out tasks (bins of at least " + MIN_CHART_ROWS + " prompts)", "predicted P(strong model needed)",
                "observed share that needed it", series, 0, 1, false, false);
    }

    static String fileName(String task) {
        return task.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
