package dev.ladder.eval;

import static java.util.Objects.requireNonNull;

import dev.ladder.classify.TrainedModel;
import dev.ladder.classify.TrainingSet;
import dev.ladder.model.ChatRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Scores routers on a labelled data set and turns the scores into routing curves.
 *
 * <ul>
 *   <li>{@code random}: the expected curve of routing at random: every prompt gets the same score, so each
 *       share takes a random subset in expectation (a straight line from weak to strong, APGR 0.5 exactly;
 *       one seeded draw of RouteLLM's random router lands within about ±0.01 of it on MMLU);</li>
 *   <li>{@code oracle}: {@link RoutingCurve#oracle};</li>
 *   <li>a classifier: its score for each prompt;</li>
 *   <li>a trained model: its prediction as it is; with {@code folds >= 2}, K-fold cross-validation of its recipe
 *       (fit on K-1 folds, predict the held-out fold, pool the held-out predictions, then sweep); with training
 *       data, its recipe fitted on that data and used on the evaluation data.</li>
 * </ul>
 *
 * @param weak the weak model's quality column
 * @param strong the strong model's quality column
 * @param folds 0 (no cross-validation) or >= 2
 * @param steps grid intervals for the curve and APGR (>= 20)
 */
public record Evaluation(String weak, String strong, int folds, Optional<Dataset> training, long seed, int steps) {

    public static final int MIN_STEPS = 20;

    public Evaluation {
        requireNonNull(weak, "weak is null");
        requireNonNull(strong, "strong is null");
        requireNonNull(training, "training is null");
        if (folds == 1 || folds < 0) {
            throw new EvalException("--folds must be at least 2 (or 0 for none): " + folds);
        }
        if (steps < MIN_STEPS) {
            throw new EvalException("--steps must be at least " + MIN_STEPS + ": " + steps);
        }
        if (folds >= 2 && training.isPresent()) {
            throw new EvalException("--folds and --train exclude each other: cross-validate on --data, or train on --train");
        }
    }

    public List<RouterResult> run(Dataset data, List<Router> routers) {
        if (data.size() < Math.max(2, folds)) {
            throw new EvalException("only " + data.size() + " rows to evaluate" + (folds >= 2 ? " in " + folds + " folds" : ""));
        }
        double[] w = data.column(weak);
        double[] s = data.column(strong);
        List<ChatRequest> requests = null;
        List<RouterResult> results = new ArrayList<>();
        for (Router router : routers) {
            RouterResult result = switch (router) {
                case Router.Oracle o -> new RouterResult(o.name(), "knows the answers", RoutingCurve.oracle(w, s),
                        new double[0], data.size(), steps);
                case Router.Random r -> result(r.name(), "expected value of random routing", new double[data.size()],
                        w, s);
                case Router.Scored c -> {
                    requests = requests == null ? Prompts.requests(data.prompts()) : requests;
                    double[] scores = new double[data.size()];
                    for (int i = 0; i < scores.length; i++) {
                        scores[i] = c.classifier().classify(requests.get(i)).score();
                    }
                    yield result(c.name(), "as is", scores, w, s);
                }
                case Router.Trained t -> {
                    requests = requests == null ? Prompts.requests(data.prompts()) : requests;
                    yield trained(t, data, requests, w, s);
                }
            };
            results.add(result);
        }
        return results;
    }

    private RouterResult result(String name, String method, double[] scores, double[] w, double[] s) {
        return new RouterResult(name, method, RoutingCurve.of(scores, w, s), scores, scores.length, steps);
    }

    private RouterResult trained(Router.Trained t, Dataset data, List<ChatRequest> requests, double[] w, double[] s) {
        if (training.isPresent()) {
            Dataset train = training.get();
            TrainingSet trainSet = TrainingSet.extract(t.recipe(), Prompts.requests(train.prompts()));
            TrainedModel fitted = trainSet.fit(Labels.strongNeeded(train.column(weak), train.column(strong)),
                    train.tasks());
            double[] scores = new double[data.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = fitted.predict(requests.get(i));
            }
            return result(t.name(), "recipe trained on --train (" + train.size() + " rows)", scores, w, s);
        }
        if (folds >= 2) {
            TrainingSet set = TrainingSet.extract(t.recipe(), requests);
            double[] labels = Labels.strongNeeded(w, s);
            int[] fold = folds(data.size(), folds, seed);
            double[] scores = new double[data.size()];
            for (int k = 0; k < folds; k++) {
                final int heldOut = k;
                int[] train = java.util.stream.IntStream.range(0, data.size()).filter(i -> fold[i] != heldOut).toArray();
                TrainedModel fitted = set.fit(train, labels, data.tasks());
                for (int i = 0; i < scores.length; i++) {
                    if (fold[i] == heldOut) {
                        scores[i] = set.predict(fitted, i);
                    }
                }
            }
            return result(t.name(), folds + "-fold cross-validation of its recipe, seed " + seed, scores, w, s);
        }
        TrainedModel model = t.model().orElseThrow(() -> new EvalException("router '" + t.name()
                + "' has no trained model to score as is; cross-validate its recipe (--folds K) or train it (--train FILE)"));
        double[] scores = new double[data.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = model.predict(requests.get(i));
        }
        return result(t.name(), "as is", scores, w, s);
    }

    /**
     * One held-out task of a leave-one-task-out evaluation: each router's result on the task's rows (a trained
     * router's recipe fitted on every other task's rows) and, for trained routers, how well their probabilities
     * are calibrated on the task.
     */
    public record TaskResult(String task, int trainingRows, List<RouterResult> results,
            java.util.Map<String, CalibrationCurve> calibration) {
        public TaskResult {
            requireNonNull(task, "task is null");
            results = List.copyOf(results);
            calibration = java.util.Map.copyOf(calibration);
        }
    }

    /**
     * Leave-one-task-out: for each task of {@code data} ({@link Dataset#tasks}), fits each trained router's recipe
     * on the rows of all the other tasks and scores the held-out task with it; the heuristic and the baselines are
     * scored on the task as they are. The question it answers: how does the router do on a task it never saw?
     */
    public List<TaskResult> leaveOneTaskOut(Dataset data, List<Router> routers) {
        List<String> tasks = data.taskNames();
        if (tasks.size() < 2) {
            throw new EvalException("leave-one-task-out needs rows of at least two tasks; the data has " + tasks);
        }
        if (folds >= 2 || training.isPresent()) {
            throw new EvalException("leave-one-task-out trains on the other tasks: it excludes --folds and --train");
        }
        double[] w = data.column(weak);
        double[] s = data.column(strong);
        double[] labels = Labels.strongNeeded(w, s);
        List<ChatRequest> requests = Prompts.requests(data.prompts());
        java.util.Map<String, double[]> pooled = new java.util.HashMap<>();
        for (Router router : routers) {
            if (router instanceof Router.Trained t) {
                TrainingSet set = TrainingSet.extract(t.recipe(), requests);
                double[] scores = new double[data.size()];
                for (String task : tasks) {
                    int[] held = data.rowsOf(task);
                    TrainedModel fitted = set.fit(others(data, task), labels, data.tasks());
                    for (int i : held) {
                        scores[i] = set.predict(fitted, i);
                    }
                }
                pooled.put(t.name(), scores);
            }
        }
        List<TaskResult> out = new ArrayList<>();
        for (String task : tasks) {
            int[] held = data.rowsOf(task);
            Dataset part = data.subset(held);
            double[] pw = part.column(weak);
            double[] ps = part.column(strong);
            List<RouterResult> results = new ArrayList<>();
            java.util.Map<String, CalibrationCurve> calibration = new java.util.LinkedHashMap<>();
            for (Router router : routers) {
                if (router instanceof Router.Trained t) {
                    double[] scores = new double[held.length];
                    for (int i = 0; i < held.length; i++) {
                        scores[i] = pooled.get(t.name())[held[i]];
                    }
                    results.add(result(t.name(), "recipe trained on the other tasks (" + (data.size() - held.length)
                            + " rows)", scores, pw, ps));
                    calibration.put(t.name(), CalibrationCurve.of(scores, Labels.strongNeeded(pw, ps),
                            CalibrationCurve.DEFAULT_BINS));
                } else {
                    results.add(run(part, List.of(router)).getFirst());
                }
            }
            out.add(new TaskResult(task, data.size() - held.length, results, calibration));
        }
        return out;
    }

    private static int[] others(Dataset data, String task) {
        return java.util.stream.IntStream.range(0, data.size()).filter(i -> !data.tasks().get(i).equals(task))
                .toArray();
    }

    /** Fold of each row: a seeded shuffle dealt round-robin, so folds differ in size by at most one. */
    static int[] folds(int n, int k, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
            fold[order[i]] = i % k;
        }
        return fold;
    }
}
