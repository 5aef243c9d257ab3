package dev.ladder.classify;

import java.util.Arrays;

/** A feature vector as parallel arrays of indices and values; an index may repeat (its values add up). */
record SparseRow(int[] indices, double[] values) {

    double dot(double[] weights) {
        double sum = 0;
        for (int i = 0; i < indices.length; i++) {
            sum += weights[indices[i]] * values[i];
        }
        return sum;
    }

    /** Grows as features are put; not thread-safe. */
    static final class Builder {
        private int[] indices = new int[64];
        private double[] values = new double[64];
        private int size;

        void put(int index, double value) {
            if (value == 0) {
                return;
            }
            if (size == indices.length) {
                indices = Arrays.copyOf(indices, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            indices[size] = index;
            values[size] = value;
            size++;
        }

        SparseRow build() {
            return new SparseRow(Arrays.copyOf(indices, size), Arrays.copyOf(values, size));
        }
    }
}
