package dev.ladder.cli;

import dev.ladder.classify.TrainedModel;
import dev.ladder.classify.TrainingSpec;
import dev.ladder.eval.Dataset;
import dev.ladder.eval.EvalException;
import dev.ladder.eval.Exclusions;
import dev.ladder.eval.LogLabels;
import dev.ladder.eval.Training;
import dev.ladder.pipeline.DecisionStore;
import dev.ladder.store.JdbcDecisionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains the router model (P(cheap model fails)) from labelled CSVs (--data, --weak, --strong) "
                + "or from the decision log (--db: a request that escalated, got a low feedback score or was "
                + "regenerated is a failure of the cheap tier). Writes a versioned model file. See docs/eval.md."})
final class TrainCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--data", arity = "1..*", paramLabel = "FILE", description = "RouteLLM-style CSV files.")
        List<Path> data;

        @Option(names = "--db", paramLabel = "PATH", description = "A decision log (ladder.db, or its directory).")
        Path db;
    }

    @Option(names = "--weak", paramLabel = "COL", description = "Weak model's column (with --data).")
    String weak;

    @Option(names = "--strong", paramLabel = "COL", description = "Strong model's column (with --data).")
    String strong;

    @Option(names = "--exclude", arity = "1..*", paramLabel = "FILE", description = "JSONL lists of prompts to drop.")
    List<Path> exclude = List.of();

    @Option(names = "--out", required = true, paramLabel = "MODEL_FILE", description = "Where to write the model (JSON).")
    Path out;

    @Option(names = "--l2", paramLabel = "X", description = "L2 penalty (default: the shipped recipe's).")
    Double l2;

    @Option(names = "--blocks", split = ",", paramLabel = "BLOCK,BLOCK",
            description = "Feature blocks (default: the shipped recipe's heuristic,text,words; also: form).")
    List<String> blocks;

    @Option(names = "--task-weighting", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With data from several tasks: weight the tasks equally and fit one intercept per task, "
                    + "dropped afterwards (the shipped recipe; --no-task-weighting pools the rows as they are).")
    boolean taskWeighting;

    @Option(names = "--folds", paramLabel = "K", defaultValue = "0",
            description = "Also cross-validate the recipe (K folds) and record APGR/CPT in the model file.")
    int folds;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Fold split seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--attribution", paramLabel = "TEXT", description = "Where the training data comes from, and its licence.")
    String attribution;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TrainingSpec recipe = l2 == null ? TrainingSpec.DEFAULTS : TrainingSpec.DEFAULTS.withL2(l2);
        if (blocks != null) {
            recipe = recipe.withBlocks(blocks);
        }
        recipe = recipe.withTasks(taskWeighting, taskWeighting);
        String command = "ladder " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        TrainedModel model;
        if (source.data != null) {
            if (weak == null || strong == null) {
                throw new EvalException("--data needs --weak COL and --strong COL");
            }
            Dataset data = Dataset.load(source.data, List.of(weak, strong), Exclusions.load(exclude));
            model = Training.fromColumns(data, weak, strong, recipe, source.data, folds, seed, command,
                    Optional.ofNullable(attribution));
        } else {
            Path file = Files.isDirectory(source.db) ? source.db.resolve(JdbcDecisionStore.FILE_NAME) : source.db;
            if (!Files.isRegularFile(file)) {
                throw new EvalException(file + ": no such decision log");
            }
            try (DecisionStore store = JdbcDecisionStore.open(file.toAbsolutePath().getParent())) {
                LogLabels labels = LogLabels.from(store);
                model = Training.fromLabels(labels.prompts(), labels.labels(), recipe, List.of(file),
                        LogLabels.DESCRIPTION, command);
            }
        }
        model.write(out);
        var t = model.training();
        spec.commandLine().getOut().println(String.format(Locale.ROOT,
                "wrote %s: %d rows, %d positive; thresholds medium %.4f, complex %.4f%s", out, t.path("rows").asInt(),
                t.path("positives").asInt(), model.mediumAt(), model.complexAt(),
                t.has("metrics") ? String.format(Locale.ROOT, "; %s: APGR %.3f, CPT(50%%) %.1f %%",
                        t.path("metrics").path("method").asText(), t.path("metrics").path("apgr").asDouble(),
                        100 * t.path("metrics").path("cpt50").asDouble()) : ""));
        return 0;
    }
}
