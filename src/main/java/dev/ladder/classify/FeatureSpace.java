package dev.ladder.classify;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ChatRequest;
import java.util.List;

/**
 * The blocks of a trained model laid end to end: block {@code b} owns indices {@code offset(b) ..
 * offset(b) + size(b) - 1}. Dense features are standardised with the training data's mean and scale, so one
 * L2 penalty suits them all.
 */
final class FeatureSpace {

    private final List<FeatureBlock> blocks;
    private final int[] offsets;
    private final int dimension;

    FeatureSpace(List<FeatureBlock> blocks) {
        this.blocks = List.copyOf(requireNonNull(blocks, "blocks is null"));
        this.offsets = new int[blocks.size()];
        int at = 0;
        for (int b = 0; b < blocks.size(); b++) {
            offsets[b] = at;
            at += blocks.get(b).size();
        }
        this.dimension = at;
    }

    List<FeatureBlock> blocks() {
        return blocks;
    }

    int dimension() {
        return dimension;
    }

    int offset(int block) {
        return offsets[block];
    }

    /** The raw (unstandardised) features of a request. */
    SparseRow extract(ChatRequest request) {
        SparseRow.Builder row = new SparseRow.Builder();
        for (int b = 0; b < blocks.size(); b++) {
            int offset = offsets[b];
            blocks.get(b).extract(request, (i, v) -> row.put(offset + i, v));
        }
        return row.build();
    }

    /** Whether feature {@code index} belongs to a dense block. */
    boolean isDense(int index) {
        for (int b = blocks.size() - 1; b >= 0; b--) {
            if (index >= offsets[b]) {
                return blocks.get(b).dense();
            }
        }
        return false;
    }

    String featureName(int index) {
        for (int b = blocks.size() - 1; b >= 0; b--) {
            if (index >= offsets[b]) {
                return blocks.get(b).name() + "." + blocks.get(b).featureName(index - offsets[b]);
            }
        }
        throw new IllegalArgumentException("no feature " + index);
    }
}
