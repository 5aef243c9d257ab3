package dev.ladder.classify;

import java.util.List;

/**
 * L2-regularised logistic regression fitted with L-BFGS: minimises the weighted mean log-loss plus
 * {@code l2/2 · |w|²} (the bias is not penalised). Deterministic: it starts from zero and has no random step,
 * so the same rows give the same weights on every machine.
 */
final class LogisticRegression {

    /** Fitting knobs: the L2 strength, the iteration cap and the relative change of loss that counts as converged. */
    record Options(double l2, int maxIterations, double tolerance) {

        static final Options DEFAULTS = new Options(1e-3, 200, 1e-7);

        Options {
            if (!(l2 >= 0)) {
                throw new IllegalArgumentException("l2 must be >= 0: " + l2);
            }
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations must be >= 1: " + maxIterations);
            }
        }
    }

    private static final int HISTORY = 10;

    private final List<SparseRow> rows;
    private final double[] labels;
    private final double[] weights;
    private final double totalWeight;
    private final int dimension;
    private final Options options;

    private LogisticRegression(List<SparseRow> rows, double[] labels, double[] weights, int dimension,
            Options options) {
        this.rows = rows;
        this.labels = labels;
        this.weights = weights;
        this.dimension = dimension;
        this.options = options;
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        this.totalWeight = total;
    }

    /**
     * Fits the model; returns {@code dimension + 1} coefficients, the last being the bias.
     *
     * @param labels in [0, 1] (soft labels are allowed)
     * @param weights per row, > 0
     */
    static double[] fit(List<SparseRow> rows, double[] labels, double[] weights, int dimension, Options options) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no rows to train on");
        }
        return new LogisticRegression(rows, labels, weights, dimension, options).minimize();
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** Loss at {@code theta}; writes the gradient into {@code grad}. */
    private double evaluate(double[] theta, double[] grad) {
        java.util.Arrays.fill(grad, 0);
        double bias = theta[dimension];
        double loss = 0;
        for (int r = 0; r < rows.size(); r++) {
            SparseRow row = rows.get(r);
            double z = row.dot(theta) + bias;
            double y = labels[r];
            double w = weights[r] / totalWeight;
            // log(1 + e^z) - y z, computed stably
            loss += w * ((z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z);
            double g = w * (sigmoid(z) - y);
            int[] idx = row.indices();
            double[] val = row.values();
            for (int i = 0; i < idx.length; i++) {
                grad[idx[i]] += g * val[i];
            }
            grad[dimension] += g;
        }
        double l2 = options.l2();
        for (int j = 0; j < dimension; j++) {
            loss += 0.5 * l2 * theta[j] * theta[j];
            grad[j] += l2 * theta[j];
        }
        return loss;
    }

    private double[] minimize() {
        int n = dimension + 1;
        double[] x = new double[n];
        double[] g = new double[n];
        double f = evaluate(x, g);
        double[][] s = new double[HISTORY][];
        double[][] y = new double[HISTORY][];
        double[] rho = new double[HISTORY];
        int stored = 0;
        int newest = -1;
        double[] direction = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        for (int iteration = 0; iteration < options.maxIterations(); iteration++) {
            twoLoop(g, s, y, rho, stored, newest, direction);
            double slope = dot(g, direction);
            if (slope >= 0) {
                // not a descent direction: restart from steepest descent
                for (int i = 0; i < n; i++) {
                    direction[i] = -g[i];
                }
                slope = dot(g, direction);
                stored = 0;
            }
            double step = iteration == 0 ? 1 / Math.max(1e-12, Math.sqrt(dot(g, g))) : 1;
            double fNew;
            int tries = 0;
            while (true) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = x[i] + step * direction[i];
                }
                fNew = evaluate(xNew, gNew);
                if (fNew <= f + 1e-4 * step * slope || ++tries > 30) {
                    break;
                }
                step *= 0.5;
            }
            if (tries > 30) {
                break;
            }
            newest = (newest + 1) % HISTORY;
            double[] sk = new double[n];
            double[] yk = new double[n];
            for (int i = 0; i < n; i++) {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-12) {
                s[newest] = sk;
                y[newest] = yk;
                rho[newest] = 1 / sy;
                stored = Math.min(stored + 1, HISTORY);
            } else {
                newest = (newest + HISTORY - 1) % HISTORY;
            }
            boolean converged = Math.abs(f - fNew) <= options.tolerance() * Math.max(1, Math.abs(f));
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            f = fNew;
            if (converged) {
                break;
            }
        }
        return x;
    }

    /** direction = -H·g with the stored curvature pairs (newest first, then oldest last). */
    private static void twoLoop(double[] g, double[][] s, double[][] y, double[] rho, int stored, int newest,
            double[] direction) {
        int n = g.length;
        double[] q = g.clone();
        double[] alpha = new double[HISTORY];
        for (int k = 0; k < stored; k++) {
            int i = (newest - k + HISTORY) % HISTORY;
            alpha[i] = rho[i] * dot(s[i], q);
            for (int j = 0; j < n; j++) {
                q[j] -= alpha[i] * y[i][j];
            }
        }
        double gamma = stored > 0 ? dot(s[newest], y[newest]) / dot(y[newest], y[newest]) : 1;
        for (int j = 0; j < n; j++) {
            q[j] *= gamma;
        }
        for (int k = stored - 1; k >= 0; k--) {
            int i = (newest - k + HISTORY) % HISTORY;
            double beta = rho[i] * dot(y[i], q);
            for (int j = 0; j < n; j++) {
                q[j] += s[i][j] * (alpha[i] - beta);
            }
        }
        for (int j = 0; j < n; j++) {
            direction[j] = -q[j];
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
