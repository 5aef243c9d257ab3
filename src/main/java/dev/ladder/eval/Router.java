package dev.ladder.eval;

import static java.util.Objects.requireNonNull;

import dev.ladder.classify.Classifier;
import dev.ladder.classify.TrainedModel;
import dev.ladder.classify.TrainingSpec;
import java.util.Optional;

/**
 * A router under evaluation, as named on the command line: the built-in baselines, a classifier used as it is,
 * or a trained model (whose recipe {@code --folds} and {@code --train} re-fit).
 */
public sealed interface Router {

    String name();

    /** Routing at random, in expectation: the baseline every router must beat. */
    record Random() implements Router {
        @Override
        public String name() {
            return "random";
        }
    }

    /** The best possible router (knows the answers): RouteLLM's optimal accuracy at each share. */
    record Oracle() implements Router {
        @Override
        public String name() {
            return "oracle";
        }
    }

    /** A classifier's score, as it is (the heuristic): nothing to train. */
    record Scored(String name, Classifier classifier) implements Router {
        public Scored {
            requireNonNull(name, "name is null");
            requireNonNull(classifier, "classifier is null");
        }
    }

    /**
     * A trained model: scored as it is, or its recipe re-fitted by cross-validation or on other files. A recipe
     * without a model can only be re-fitted.
     */
    record Trained(String name, TrainingSpec recipe, Optional<TrainedModel> model) implements Router {
        public Trained {
            requireNonNull(name, "name is null");
            requireNonNull(recipe, "recipe is null");
            requireNonNull(model, "model is null");
        }

        public static Trained of(String name, TrainedModel model) {
            return new Trained(name, model.spec(), Optional.of(model));
        }
    }
}
