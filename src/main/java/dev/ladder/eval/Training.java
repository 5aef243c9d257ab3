package dev.ladder.eval;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.classify.TrainedModel;
import dev.ladder.classify.TrainingSet;
import dev.ladder.classify.TrainingSpec;
import dev.ladder.wire.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Fits a trained router from labelled rows and records what it was trained on in the model file: the files,
 * row and positive counts, the date, the recipe, and (with {@code folds >= 2}) the cross-validated APGR and
 * CPTs of the recipe on the same data, so a model file says how good its recipe was.
 */
public final class Training {

    private Training() {
    }

    /**
     * Trains on weak/strong columns (label: {@link Labels#strongNeeded}).
     *
     * @param command the command line, recorded for reproduction
     */
    public static TrainedModel fromColumns(Dataset data, String weak, String strong, TrainingSpec spec,
            List<Path> files, int folds, long seed, String command, Optional<String> attribution) {
        requireNonNull(data, "data is null");
        double[] labels = Labels.strongNeeded(data.column(weak), data.column(strong));
        TrainedModel model = fit(data.prompts(), labels, data.tasks(), spec);
        ObjectNode training = metadata(files, data.size(), labels, command, attribution);
        training.put("label", "strong needed: '" + weak + "' below '" + strong + "' (weak wrong and strong right)");
        training.put("weak", weak);
        training.put("strong", strong);
        ArrayNode tasks = training.putArray("tasks");
        data.taskNames().forEach(tasks::add);
        if (folds >= 2) {
            RouterResult cv = new Evaluation(weak, strong, folds, Optional.empty(), seed, 100)
                    .run(data, List.of(new Router.Trained("recipe", spec, Optional.empty()))).getFirst();
            ObjectNode metrics = training.putObject("metrics");
            metrics.put("method", folds + "-fold cross-validation of this recipe on the training data, seed " + seed);
            metrics.put("apgr", round(cv.apgr()));
            cv.cpt50().ifPresent(v -> metrics.put("cpt50", round(v)));
            cv.cpt80().ifPresent(v -> metrics.put("cpt80", round(v)));
            metrics.put("weak", round(cv.curve().weak()));
            metrics.put("strong", round(cv.curve().strong()));
        }
        return model.withTraining(training);
    }

    /** Trains on prompts with labels already made (the decision log's implicit labels). */
    public static TrainedModel fromLabels(List<String> prompts, double[] labels, TrainingSpec spec, List<Path> sources,
            String labelDescription, String command) {
        TrainedModel model = fit(prompts, labels, java.util.Collections.nCopies(prompts.size(), ""), spec);
        ObjectNode training = metadata(sources, prompts.size(), labels, command, Optional.empty());
        training.put("label", labelDescription);
        return model.withTraining(training);
    }

    private static TrainedModel fit(List<String> prompts, double[] labels, List<String> tasks, TrainingSpec spec) {
        double positives = 0;
        for (double y : labels) {
            positives += y;
        }
        if (prompts.size() < 10 || positives < 1 || positives > prompts.size() - 1) {
            throw new EvalException("cannot train on " + prompts.size() + " rows with " + (long) positives
                    + " positive labels: need at least 10 rows and both labels present");
        }
        return TrainingSet.extract(spec, Prompts.requests(prompts)).fit(labels, tasks);
    }

    private static ObjectNode metadata(List<Path> files, int rows, double[] labels, String command,
            Optional<String> attribution) {
        ObjectNode t = Json.object();
        ArrayNode names = t.putArray("files");
        files.forEach(f -> names.add(f.toString()));
        t.put("rows", rows);
        long positives = 0;
        for (double y : labels) {
            positives += Math.round(y);
        }
        t.put("positives", positives);
        t.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        t.put("command", command);
        attribution.ifPresent(a -> t.put("attribution", a));
        return t;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
