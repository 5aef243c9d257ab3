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
        if (labels.length != rows.size()) {
            throw new IllegalArgumentException("labels: " + labels.length + " for " + rows.size() + " rows");
        }
        List<SparseRow> raw = new ArrayList<>(use.length);
        double[] y = new double[use.length];
        for (int i = 0; i < use.length; i++) {
            raw.add(rows.get(use[i]));
            y[i] = labels[use[i]];
        }
        return TrainedModel.fit(spec, space, raw, y);
    }

    /** Fits on every row. */
    public TrainedModel fit(double[] labels) {
        int[] all = new int[rows.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return fit(all, labels);
    }

    /** The probability {@code model} gives that the cheap model fails on row {@code row}. */
    public double predict(TrainedModel model, int row) {
        return model.predictRaw(rows.get(row));
    }
}
