package dev.ladder.eval;

import dev.ladder.classify.HeuristicClassifier;
import dev.ladder.classify.HeuristicConfig;
import dev.ladder.classify.TrainedModel;
import dev.ladder.classify.TrainingSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Router names on the command line: {@code random}, {@code oracle}, {@code heuristic} (the hand-tuned
 * classifier with its default weights), {@code trained} (the shipped model, the default router), or the path
 * of a model file written by {@code ladder train}.
 */
public final class Routers {

    public static final String DEFAULT = "trained";
    public static final List<String> BUILT_IN = List.of("random", "oracle", "heuristic", "trained");

    private Routers() {
    }

    public static Router resolve(String name) {
        return switch (name) {
            case "random" -> new Router.Random();
            case "oracle" -> new Router.Oracle();
            case "heuristic" -> new Router.Scored("heuristic", new HeuristicClassifier(HeuristicConfig.DEFAULTS));
            case "trained" -> shipped();
            default -> {
                Path file = Path.of(name);
                if (!Files.isRegularFile(file)) {
                    throw new EvalException("unknown router '" + name + "': not one of " + BUILT_IN
                            + " and not a model file");
                }
                try {
                    yield Router.Trained.of(name, TrainedModel.load(file));
                } catch (IllegalArgumentException e) {
                    throw new EvalException(e.getMessage(), e);
                }
            }
        };
    }

    /** The shipped model; when it is missing (a build that has not trained it yet), its recipe alone. */
    static Router shipped() {
        try {
            return Router.Trained.of(DEFAULT, TrainedModel.loadDefault());
        } catch (IllegalStateException e) {
            return new Router.Trained(DEFAULT, TrainingSpec.DEFAULTS, Optional.empty());
        }
    }

    /** The routers named (comma-separated, in order), followed by the random and oracle baselines if not named. */
    public static List<Router> withBaselines(List<String> names) {
        List<Router> routers = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String raw : names) {
            for (String name : raw.split(",")) {
                String n = name.strip();
                if (!n.isEmpty() && !seen.contains(n)) {
                    seen.add(n);
                    routers.add(resolve(n));
                }
            }
        }
        if (routers.isEmpty()) {
            routers.add(resolve(DEFAULT));
        }
        for (String baseline : List.of("random", "oracle")) {
            if (!seen.contains(baseline)) {
                routers.add(resolve(baseline));
            }
        }
        return routers;
    }
}
