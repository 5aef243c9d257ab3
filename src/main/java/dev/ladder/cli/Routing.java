package dev.ladder.cli;

import dev.ladder.classify.Classifier;
import dev.ladder.classify.HeuristicClassifier;
import dev.ladder.classify.TrainedClassifier;
import dev.ladder.classify.TrainedModel;
import dev.ladder.config.LadderConfig;
import dev.ladder.eval.EvalException;
import java.nio.file.Path;

/** The classifier an offline command routes with: heuristic (from a config), trained (shipped) or a model file. */
final class Routing {

    private Routing() {
    }

    static Classifier classifier(String name, LadderConfig config) {
        return switch (name) {
            case "heuristic" -> new HeuristicClassifier(config.routing().heuristic());
            case "trained" -> new TrainedClassifier(TrainedModel.loadDefault());
            default -> {
                try {
                    yield new TrainedClassifier(TrainedModel.load(Path.of(name)));
                } catch (IllegalArgumentException e) {
                    throw new EvalException("--router " + name + ": not heuristic, trained or a model file ("
                            + e.getMessage() + ")");
                }
            }
        };
    }
}
