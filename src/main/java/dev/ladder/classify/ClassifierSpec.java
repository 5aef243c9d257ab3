package dev.ladder.classify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One configured link of the classifier chain ({@code routing.classifiers}), cheapest first. {@code band}: the
 * confidence at or above which this classifier's answer is final.
 */
public sealed interface ClassifierSpec {

    double band();

    /** The weighted heuristic ({@code routing.heuristic} holds its weights). */
    record Heuristic(double band) implements ClassifierSpec {
    }

    /** A cheap configured model rates the request 1-3 under a strict timeout. */
    record Llm(String model, Duration timeout, double band) implements ClassifierSpec {
        public Llm {
            requireNonNull(model, "model is null");
            requireNonNull(timeout, "timeout is null");
        }
    }

    /**
     * A trained model (see {@code ladder train}): {@code file}, or the shipped default router when empty.
     * Loaded once, when the gateway starts.
     */
    record Trained(java.util.Optional<java.nio.file.Path> file, double band) implements ClassifierSpec {
        public Trained {
            requireNonNull(file, "file is null");
        }
    }

    /** Embedding nearest neighbours over labelled exemplars ({@code file}, or the shipped ones when empty). */
    record Knn(java.util.Optional<java.nio.file.Path> exemplars, int k, double band) implements ClassifierSpec {
        public Knn {
            requireNonNull(exemplars, "exemplars is null");
            if (k < 1) {
                throw new IllegalArgumentException("k must be >= 1");
            }
        }
    }

    double DEFAULT_BAND = 0.75;
    Duration DEFAULT_LLM_TIMEOUT = Duration.ofMillis(1500);
}
