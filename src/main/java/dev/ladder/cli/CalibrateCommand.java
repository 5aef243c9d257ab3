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

    @Option(names = "--samples", split = ",", paramLabel = "MODEL,MODEL",
            description = "Calibrate the consensus validator from recorded answers (RouterBench's shape): --weak is the "
                    + "answering model, --strong the frontier, these the models the validator asks. Recommends "
                    + "min_agreement (and, for text and code answers, similarity).")
    List<String> samples;

    @Option(names = "--kind", paramLabel = "KIND",
            description = "With --samples: how answers are compared (auto, choice, number, json, code, text; default auto).")
    String kind = "auto";

    @Option(names = "--similarity", paramLabel = "X",
            description = "With --samples: the overlap text and code answers need; without it a range is tried.")
    Double similarity;

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

    /** Similarities tried for text and code answers when none is given. */
    private static final double[] SIMILARITIES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

    /**
     * {@code --samples}: the consensus validator's agreement share per prompt from recorded answers, against the
     * answering and the frontier model's correctness; keep the answer when the share is at least
     * {@code min_agreement}, otherwise the frontier answers.
     */
    private int consensus() {
        java.util.Optional<dev.ladder.validate.AnswerKind> k = kind.equals("auto") ? java.util.Optional.empty()
                : java.util.Optional.of(dev.ladder.validate.AnswerKind.parse(kind).orElseThrow(() -> new EvalException(
                        "--kind: one of auto, choice, number, json, code, text: " + kind)));
        List<dev.ladder.eval.RecordedRuns.Run> runs = dev.ladder.eval.RecordedRuns.read(data);
        PrintWriter out = spec.commandLine().getOut();
        List<java.util.OptionalDouble> tried = new ArrayList<>();
        if (similarity != null) {
            tried.add(java.util.OptionalDouble.of(similarity));
        } else {
            tried.add(java.util.OptionalDouble.empty());
        }
        ConsensusAgreement first = ConsensusAgreement.of(runs, weak, samples, strong, k, tried.getFirst());
        if (similarity == null && first.hasOverlapKinds()) {
            for (double v : SIMILARITIES) {
                tried.add(java.util.OptionalDouble.of(v));
            }
        }
        out.println(String.format(Locale.ROOT, "%d prompts; answering %s %.4f, frontier %s %.4f; asked: %s",
                first.weak().length, weak, mean(first.weak()), strong, mean(first.strong()), String.join(", ", samples)));
        Calibration best = null;
        java.util.OptionalDouble bestSimilarity = java.util.OptionalDouble.empty();
        double bestKeep = 1;
        for (java.util.OptionalDouble sim : tried) {
            ConsensusAgreement a = sim.equals(tried.getFirst()) ? first
                    : ConsensusAgreement.of(runs, weak, samples, strong, k, sim);
            RoutingCurve curve = RoutingCurve.of(Calibration.forValidator(a.agreement()), a.weak(), a.strong());
            Calibration c;
            try {
                c = target.share != null ? Calibration.forShare(curve, target.share)
                        : Calibration.forQuality(curve, target.quality, 100);
            } catch (EvalException e) {
                out.println("similarity " + (sim.isPresent() ? number(sim.getAsDouble()) : "default") + ": "
                        + e.getMessage());
                continue;
            }
            double keep = Calibration.keepAtLeast(a.agreement(), c.threshold());
            if (keep > 1) {
                out.println("similarity " + (sim.isPresent() ? number(sim.getAsDouble()) : "default") + ": only by "
                        + "escalating every answer, which no min_agreement does (every answer scores the same)");
                continue;
            }
            out.println(String.format(Locale.ROOT, "similarity %-7s min_agreement %-6s escalates %5.1f %%, quality %.4f "
                    + "(PGR %.3f)", sim.isPresent() ? number(sim.getAsDouble()) : "default", number(keep),
                    100 * c.share(), c.quality(), c.pgr()));
            boolean better = best == null || (target.share != null ? c.quality() > best.quality() + 1e-12
                    : c.share() < best.share() - 1e-12);
            if (better) {
                best = c;
                bestSimilarity = sim;
                bestKeep = keep;
            }
        }
        if (best == null) {
            throw new EvalException("no agreement threshold reaches the target");
        }
        out.println(String.format(Locale.ROOT, "keep the answer when at least %s of the answers agree: escalates %.1f %% "
                + "of calls, quality %.4f (PGR %.3f)", number(bestKeep), 100 * best.share(), best.quality(), best.pgr()));
        out.println("# config (validation.defaults or a route's policy):");
        out.println("validation:\n  defaults:\n    validators:\n      consensus:");
        out.println("        models: [" + String.join(", ", samples) + "]   # the configured names of these models");
        out.println("        kind: " + kind);
        out.println("        min_agreement: " + number(Math.max(1e-6, bestKeep)));
        if (bestSimilarity.isPresent()) {
            out.println("        similarity: " + number(bestSimilarity.getAsDouble()));
        }
        return 0;
    }

    private static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElse(Double.NaN);
    }

    /** A threshold as written in config: up to six significant digits, no trailing zeros. */
    private static String number(double v) {
        return Double.isInfinite(v) ? "inf" : new java.math.BigDecimal(v).round(new java.math.MathContext(6))
                .stripTrailingZeros().toPlainString();
    }

    @Override
    public Integer call() {
        if (samples != null) {
            return consensus();
        }
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
            if (keep > 0 && keep <= 1) {
                out.println(String.format(Locale.ROOT, "#   (a consensus agreement share: consensus: {min_agreement: %s})",
                        number(keep)));
            }
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
