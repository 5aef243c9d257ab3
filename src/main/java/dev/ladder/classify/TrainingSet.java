package dev.ladder.classify;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ChatRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests with their features extracted once, so cross-validation can fit and score many models on subsets
 * without extracting again. Labels are per row in [0, 1]: 1 when the cheap model failed (the strong model was
 * needed).
 */
public final class TrainingSet {

    private final TrainingSpec spec;
    private final FeatureSpace space;
    private final List<SparseRow> rows;

    private TrainingSet(TrainingSpec spec, FeatureSpace space, List<SparseRow> rows) {
        this.spec = spec;
        this.space = space;
        this.rows = rows;
    }

    public static TrainingSet extract(TrainingSpec spec, List<ChatRequest> requests) {
        requireNonNull(spec, "spec is null");
        FeatureSpace space = spec.space(FeatureBlocks.BUILT_IN);
        List<SparseRow> rows = new ArrayList<>(requests.size());
        for (ChatRequest r : requests) {
            rows.add(space.extract(r));
        }
        return new TrainingSet(spec, space, rows);
    }

    public int size() {
        return rows.size();
    }

    /** Fits a model on the rows {@code use} (indices into this set) with their {@code labels} (full length). */
    public TrainedModel fit(int[] use, double[] labels) {
        return fit(use, labels, java.util.Collections.nCopies(rows.size(), ""));
    }

    /**
     * Fits a model on the rows {@code use} with their {@code labels} and {@code tasks} (both full length): the
     * recipe's {@link TrainingSpec#taskShift} and {@link TrainingSpec#balanceTasks} act on the tasks.
     */
    public TrainedModel fit(int[] use, double[] labels, List<String> tasks) {
        if (labels.length != rows.size() || tasks.size() != rows.size()) {
            throw new IllegalArgumentException("labels: " + labels.length + ", tasks: " + tasks.size() + " for "
                    + rows.size() + " rows");
        }
        List<SparseRow> raw = new ArrayList<>(use.length);
        double[] y = new double[use.length];
        int[] task = new int[use.length];
        java.util.Map<String, Integer> ids = new java.util.LinkedHashMap<>();
        for (int i = 0; i < use.length; i++) {
            raw.add(rows.get(use[i]));
            y[i] = labels[use[i]];
            task[i] = ids.computeIfAbsent(tasks.get(use[i]), k -> ids.size());
        }
        return TrainedModel.fit(spec, space, raw, y, task, ids.size());
    }

    /** Fits on every row. */
    public TrainedModel fit(double[] labels) {
        return fit(all(), labels);
    }

    /** Fits on every row, each with its task. */
    public TrainedModel fit(double[] labels, List<String> tasks) {
        return fit(all(), labels, tasks);
    }

    private int[] all() {
        int[] all = new int[rows.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    /** The probability {@code model} gives that the cheap model fails on row {@code row}. */
    public double predict(TrainedModel model, int row) {
        return model.predictRaw(rows.get(row));
    }
}
