package dev.ladder.cli;

import dev.ladder.classify.Classifier;
import dev.ladder.config.LadderConfig;
import dev.ladder.eval.Replay;
import dev.ladder.pipeline.DecisionStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-decides the requests of a decision log under a candidate config: which decisions change, "
                + "and the projected cost and quality deltas (quality from feedback where present). The router "
                + "classifies each request's logged 200-character masked preview, not its full prompt."})
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--db", required = true, paramLabel = "PATH", description = "A decision log (ladder.db or its directory).")
    Path db;

    @Option(names = "--config", required = true, paramLabel = "CANDIDATE.yaml", description = "The candidate config: tiers, prices, routing.")
    Path config;

    @Option(names = "--router", paramLabel = "NAME|MODEL_FILE", defaultValue = "heuristic",
            description = "heuristic (with the candidate's weights and thresholds; the default), trained or a model file.")
    String router;

    @Option(names = "--show", paramLabel = "N", defaultValue = "20", description = "Changed decisions to list (default ${DEFAULT-VALUE}).")
    int show;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LadderConfig candidate = Configs.load(config);
        Classifier classifier = Routing.classifier(router, candidate);
        Replay.Result r;
        try (DecisionStore store = DecisionLogs.open(db)) {
            r = Replay.run(store.recent(Integer.MAX_VALUE), store.feedback(), classifier,
                    t -> candidate.tierModels(t).getFirst());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT, "replayed %d logged requests under %s with the %s router (%d without a "
                + "routed tier or preview skipped); note: the router classified the logged 200-character masked "
                + "previews, not the full prompts", r.replayed(), config, router, r.skipped()));
        out.println(String.format(Locale.ROOT, "decisions changed: %d (%d up a tier, %d down)", r.changes().size(),
                r.movedUp(), r.movedDown()));
        double delta = r.candidateCost() - r.loggedCost();
        out.println(String.format(Locale.ROOT, "cost: logged %.6f USD -> candidate %.6f USD (%+.6f USD, %+.1f %%)",
                r.loggedCost(), r.candidateCost(), delta, r.loggedCost() == 0 ? 0 : 100 * delta / r.loggedCost()));
        if (r.withFeedback() == 0) {
            out.println("quality: no feedback in the log, so no quality estimate (POST /v1/feedback records it)");
        } else {
            out.println(String.format(Locale.ROOT, "quality (mean feedback score, %d requests with feedback): "
                    + "between %+.3f (worst case) and %+.3f (best case)", r.withFeedback(), r.qualityWorst(),
                    r.qualityBest()));
        }
        r.changes().stream().limit(show).forEach(c -> out.println(String.format(Locale.ROOT,
                "  %s  %-7s -> %-7s  %.6f -> %.6f USD%s  %s", c.requestId(), c.logged().wireName(),
                c.candidate().wireName(), c.loggedCost(), c.candidateCost(),
                c.feedback().isPresent() ? String.format(Locale.ROOT, "  feedback %.2f", c.feedback().getAsDouble()) : "",
                oneLine(c.preview()))));
        if (r.changes().size() > show) {
            out.println("  ... " + (r.changes().size() - show) + " more (--show N)");
        }
        out.flush();
        return 0;
    }

    private static String oneLine(String preview) {
        String s = preview.replaceAll("\\s+", " ").strip();
        return s.length() <= 60 ? s : s.substring(0, 59) + "…";
    }
}
