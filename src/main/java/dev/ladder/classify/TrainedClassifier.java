package dev.ladder.classify;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.Classification;
import dev.ladder.model.Tier;
import java.util.Map;

/**
 * Rates a request with a {@link TrainedModel}: the score is the model's probability that the cheap tier fails
 * on it; below the model's {@code medium} threshold the request is simple, from {@code complex} on complex.
 * Confidence is computed as the heuristic's is: the probability, under logistic noise of scale
 * {@value #LOG_ODDS_SPREAD} in log-odds, that the tier would not change. Features are the model's standardised
 * dense inputs and {@code score}.
 *
 * <p>The model is loaded once, when the classifier is built; classifying never fails and calls nothing outside
 * the process.
 */
public final class TrainedClassifier implements Classifier {

    public static final String NAME = "trained";

    static final double LOG_ODDS_SPREAD = 0.3;

    private final TrainedModel model;

    public TrainedClassifier(TrainedModel model) {
        this.model = requireNonNull(model, "model is null");
    }

    public TrainedModel model() {
        return model;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Classification classify(ChatRequest request) {
        SparseRow row = model.extract(request); // once, for the score and the features
        double p = model.predictRaw(row);
        Tier tier = p < model.mediumAt() ? Tier.SIMPLE : p < model.complexAt() ? Tier.MEDIUM : Tier.COMPLEX;
        Map<String, Double> features = model.denseFeatures(row, 1);
        features.put("score", p);
        return new Classification(NAME, p, tier, confidence(p, tier), features);
    }

    double confidence(double p, Tier tier) {
        double lower = switch (tier) {
            case SIMPLE -> Double.NEGATIVE_INFINITY;
            case MEDIUM -> logit(model.mediumAt());
            case COMPLEX -> logit(model.complexAt());
        };
        double upper = switch (tier) {
            case SIMPLE -> logit(model.mediumAt());
            case MEDIUM -> logit(model.complexAt());
            case COMPLEX -> Double.POSITIVE_INFINITY;
        };
        double at = logit(Math.max(1e-9, Math.min(1 - 1e-9, p)));
        double c = logistic((upper - at) / LOG_ODDS_SPREAD) - logistic((lower - at) / LOG_ODDS_SPREAD);
        return Math.max(0, Math.min(1, c));
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    private static double logistic(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
