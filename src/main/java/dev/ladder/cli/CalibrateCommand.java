package dev.ladder.cli;

import dev.ladder.classify.TrainedModel;
import dev.ladder.eval.Calibration;
import dev.ladder.eval.Dataset;
import dev.ladder.eval.EvalException;
import dev.ladder.eval.Evaluation;
import dev.ladder.eval.Exclusions;
import dev.ladder.eval.Router;
import dev.ladder.eval.RouterResult;
import dev.ladder.eval.Routers;
import dev.ladder.eval.RoutingCurve;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Picks thresholds from labelled prompts: the router threshold for a target share of strong "
                + "calls or a target quality, and prints the config that sets it. With --score-column, calibrates a "
                + "validator's threshold instead (self-evaluation score, logprob confidence): keep the cheap answer "
                + "when the column is at least the threshold, escalate otherwise. See docs/eval.md."})
final class CalibrateCommand implements Callable<Integer> {

    @Option(names = "--data", arity = "1..*", required = true, paramLabel = "FILE", description = "Labelled CSV files.")
    List<Path> data;

    @Option(names = "--weak", required = true, paramLabel = "COL", description = "Weak (cheap) model's quality column.")
    String weak;

    @Option(names = "--strong", required = true, paramLabel = "COL", description = "Strong model's quality column.")
    String strong;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--target-strong-share", paramLabel = "X", description = "Share of calls on the strong model, 0..1.")
        Double share;

        @Option(names = "--target-quality", paramLabel = "Q",
                description = "Quality to reach at the lowest strong share (in the columns' units, e.g. 0.78).")
        Double quality;
    }

    @Option(names = "--router", paramLabel = "NAME|MODEL_FILE", defaultValue = "trained",
            description = "Router whose threshold to set: heuristic, trained (default) or a model file.")
    String router;

    @Option(names = "--score-column", paramLabel = "COL",
            description = "Calibrate a validator on this column (higher = more confident in the weak answer) instead of a router.")
    String scoreColumn;

    @Option(names = "--folds", paramLabel = "K", defaultValue = "0",
            description = "Score a trained router by K-fold cross-validation (use when --data is its training data).")
    int folds;

    @Option(names = "--exclude", arity = "1..*", paramLabel = "FILE", description = "JSONL lists of prompts to drop.")
    List<Path> exclude = List.of();

    @Option(names = "--write-model", paramLabel = "MODEL_FILE",
            description = "With a trained router: write a copy of the model with the new complex threshold.")
    Path writeModel;

    @Spec
    CommandSpec spec;

    /** A threshold as written in config: up to six significant digits, no trailing zeros. */
    private static String number(double v) {
        return Double.isInfinite(v) ? "inf" : new java.math.BigDecimal(v).round(new java.math.MathContext(6))
                .stripTrailingZeros().toPlainString();
    }

    @Override
    public Integer call() {
        List<String> columns = new ArrayList<>(List.of(weak, strong));
        if (scoreColumn != null) {
            columns.add(scoreColumn);
        }
        Dataset dataset = Dataset.load(data, columns, Exclusions.load(exclude));
        PrintWriter out = spec.commandLine().getOut();
        RoutingCurve curve;
        Optional<Router> routerUsed = Optional.empty();
        if (scoreColumn != null) {
            curve = RoutingCurve.of(Calibration.forValidator(dataset.column(scoreColumn)), dataset.column(weak),
                    dataset.column(strong));
        } else {
            Router r = Routers.resolve(router);
            if (r instanceof Router.Oracle || r instanceof Router.Random) {
                throw new EvalException("--router " + router + " has no threshold to calibrate");
            }
            RouterResult result = new Evaluation(weak, strong, folds, Optional.empty(), 42, 100)
                    .run(dataset, List.of(r)).getFirst();
            curve = result.curve();
            routerUsed = Optional.of(r);
        }
        Calibration c = target.share != null ? Calibration.forShare(curve, target.share)
                : Calibration.forQuality(curve, target.quality, 100);
        out.println(String.format(Locale.ROOT, "%d prompts; weak %.4f, strong %.4f", dataset.size(), curve.weak(),
                curve.strong()));
        if (scoreColumn != null) {
            double keep = Calibration.keepAtLeast(dataset.column(scoreColumn), c.threshold());
            out.println(String.format(Locale.ROOT, "keep the cheap answer when %s >= %s: escalates %.1f %% of calls, "
                    + "quality %.4f (PGR %.3f)", scoreColumn, number(keep), 100 * c.share(), c.quality(), c.pgr()));
            out.println("# set it as the threshold of the validator that produces '" + scoreColumn + "' "
                    + "(self-evaluation score or logprob confidence), e.g.:");
            out.println(String.format(Locale.ROOT, "#   threshold: %s", number(keep)));
            return 0;
        }
        out.println(String.format(Locale.ROOT, "route to the strong tier when the %s score >= %.6g: %.1f %% of calls "
                + "strong, quality %.4f (PGR %.3f)", router, c.threshold(), 100 * c.share(), c.quality(), c.pgr()));
        Router r = routerUsed.orElseThrow();
        if (r instanceof Router.Scored) {
            double medium = Math.min(c.threshold() / 2, dev.ladder.classify.HeuristicConfig.DEFAULT_MEDIUM_AT);
            out.println("# config (routing.heuristic): the complex tier is calibrated; medium keeps the default or "
                    + "half of complex, whichever is lower");
            out.println("routing:\n  heuristic:\n    thresholds: " + String.format(Locale.ROOT,
                    "{medium: %.4f, complex: %.4f}", Math.max(1e-4, medium), Math.min(0.9999, c.threshold())));
        } else if (r instanceof Router.Trained t) {
            TrainedModel model = t.model().orElseThrow();
            double complex = Math.max(1e-6, Math.min(1 - 1e-6, c.threshold()));
            double medium = Math.min(model.mediumAt(), complex);
            out.println(String.format(Locale.ROOT, "# model thresholds: {medium: %.6f, complex: %.6f}", medium, complex));
            if (writeModel != null) {
                model.withThresholds(medium, complex).write(writeModel);
                out.println("wrote " + writeModel);
            } else {
                out.println("# write them into a copy of the model with --write-model FILE");
            }
        }
        return 0;
    }
}
