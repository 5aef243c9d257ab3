package dev.ladder.classify;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.Classification;
import dev.ladder.model.Message;
import dev.ladder.model.Role;
import dev.ladder.model.Tier;
import java.util.List;
import java.util.Map;

/**
 * Rates a request's complexity from its text alone, in microseconds, with no model and no network call.
 *
 * <p><b>Text considered.</b> The ask is the last user message (or the last message, when no user message
 * exists); up to {@value #ASK_BUDGET} chars of it are scanned (head and tail of longer texts; the length
 * signal still reflects the full length). Context is every other message (system prompt, earlier turns, tool
 * results), newest first, up to {@value #CONTEXT_PER_MESSAGE} chars of each and {@value #CONTEXT_BUDGET} in
 * all. Each signal is measured on the ask and on the context separately, and context may close at most
 * {@value #CONTEXT_SHARE} of the gap the ask leaves: {@code s = 1 - (1 - s_ask)(1 - share·s_context)}. So a
 * short follow-up ("now add tests") inherits part of the code and domain of the turns before it, while
 * neither a long boilerplate system prompt nor a dense earlier turn can by itself turn "hi" into a complex
 * request. The {@code simple} signal reads the ask only: context never makes an ask simple. Why a bounded
 * share: feeding a router more history made it route worse (Galaxy project, PRs #22791 and #22975), yet
 * routing on the last message alone sends a follow-up like "commit it" to the smallest model (vLLM semantic
 * router #1439).
 *
 * <p><b>Pasted material.</b> When the ask message is long and pastes material to work on (a retrieved
 * document, an article, labelled {@code Context:} / {@code Question:} blocks; see {@link AskSplit}), the ask is
 * the question alone: "summarise this" after 2,000 words is a simple request. The material is measured apart
 * (up to {@value #MATERIAL_BUDGET} chars, head and tail; its length from all of it) and may close at most
 * {@value #MATERIAL_SHARE} of the gap the ask leaves, less than conversation context: reading is not the work,
 * the question is. Its length is then a weak signal, not the verdict.
 *
 * <p><b>Score.</b> The signals ({@link Signal}, each in [0, 1]) combine as a noisy-OR: a positive weight
 * {@code w} is the probability that its signal, at full strength, alone makes the request need a stronger
 * tier, and {@code score = 1 - Π(1 - wᵢ·sᵢ)}; a negative weight (the {@code simple} signal) inhibits,
 * multiplying the score by {@code 1 - |w|·s}. A request needs a stronger model when <em>any</em> of several
 * largely independent reasons applies (it holds code, asks for a proof, has many parts, is long). A weighted
 * average dilutes one strong reason by the absence of unrelated ones (with the first default weights, "Prove
 * that the square root of 2 is irrational" averaged to 0.14, simple); a noisy-OR lets it stand (0.39,
 * medium) and still accumulates weak evidence.
 * The score is in [0, 1] by construction; below {@code mediumAt} is simple, from {@code complexAt} on complex.
 *
 * <p><b>Confidence.</b> The probability that the tier would not change if the score moved by noise. The score
 * is a probability, so the noise is modelled in log-odds: logistic with scale {@value #LOG_ODDS_SPREAD}, giving
 * {@code F((logit(upper) - logit(score))/s) - F((logit(lower) - logit(score))/s)}, with {@code F} the logistic
 * function and {@code [lower, upper)} the tier's score range (unbounded at the ends). It is 0.5 on a boundary,
 * 0.73 at 0.3 log-odds from it (a score of 0.57 against a boundary at 0.5), and approaches 1 far away. Log-odds
 * rather than raw distance because the simple band is narrow in score (0 to 0.12 by default) but wide in odds: a
 * greeting scoring 0.003 is as clear-cut as a design task scoring 0.9.
 *
 * <p><b>Features.</b> Each signal under its {@link HeuristicConfig#SIGNALS} name, {@code score}, and
 * {@code tokens} (the estimated tokens of the ask message, pasted material included).
 */
public final class HeuristicClassifier implements Classifier {

    public static final String NAME = "heuristic";

    static final int ASK_BUDGET = 8 * 1024;
    static final int CONTEXT_BUDGET = 2 * 1024;
    static final int CONTEXT_PER_MESSAGE = 1024;
    static final double CONTEXT_SHARE = 0.25;
    static final int MATERIAL_BUDGET = 1024;
    static final double MATERIAL_SHARE = 0.05;
    static final double LOG_ODDS_SPREAD = 0.3;

    private static final Signal[] SIGNALS = Signal.values();

    private final Lexicon lexicon;
    private final double[] weights = new double[Signal.COUNT];
    private final double mediumAt;
    private final double complexAt;

    public HeuristicClassifier(HeuristicConfig config) {
        requireNonNull(config, "config is null");
        this.lexicon = Vocabulary.LEXICON;
        for (Signal s : SIGNALS) {
            weights[s.ordinal()] = config.weight(s.key());
        }
        this.mediumAt = config.mediumAt();
        this.complexAt = config.complexAt();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Classification classify(ChatRequest request) {
        Tally ask = new Tally();
        Tally context = new Tally();
        Tally material = scan(request, ask, context);
        double[] signals = new double[Signal.COUNT];
        for (Signal s : SIGNALS) {
            double value = s.measure(ask);
            if (s.readsContext() && context.chars > 0) {
                value = 1 - (1 - value) * (1 - CONTEXT_SHARE * s.measure(context));
            }
            if (s.readsContext() && material != null) {
                value = 1 - (1 - value) * (1 - MATERIAL_SHARE * s.measure(material));
            }
            signals[s.ordinal()] = value;
        }
        double score = score(signals);
        Tier tier = tier(score);
        return new Classification(NAME, score, tier, confidence(score, tier), features(signals, score,
                ask.fullTokens + (material == null ? 0 : material.fullTokens)));
    }

    /** Scans the ask and its context; returns the material pasted with the ask, scanned, or null when none was. */
    private Tally scan(ChatRequest request, Tally ask, Tally context) {
        List<Message> messages = request.messages();
        int askIndex = askIndex(messages);
        AskSplit.Parts parts = AskSplit.of(messages.get(askIndex).text());
        new TextScan(lexicon, ask).scan(parts.ask(), ASK_BUDGET);
        ask.structuredOutput = formatWeight(request.responseFormatType().orElse(""));
        ask.tools = request.hasTools() ? 1 : 0;
        Tally material = null;
        if (parts.split()) {
            material = new Tally();
            new TextScan(lexicon, material).scan(parts.material(), MATERIAL_BUDGET);
        }
        TextScan contextScan = new TextScan(lexicon, context);
        int budget = CONTEXT_BUDGET;
        for (int i = messages.size() - 1; i >= 0 && budget > 0; i--) {
            String text = messages.get(i).text();
            if (i != askIndex && !text.isEmpty()) {
                int take = Math.min(Math.min(text.length(), CONTEXT_PER_MESSAGE), budget);
                contextScan.scan(text, take);
                budget -= take;
            }
        }
        return material;
    }

    private static int askIndex(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                return i;
            }
        }
        return messages.size() - 1;
    }

    private static double formatWeight(String type) {
        return switch (type) {
            case "json_schema" -> 2;
            case "json_object" -> 1;
            default -> 0;
        };
    }

    /** Noisy-OR of the positively weighted signals, inhibited by the negatively weighted ones. */
    double score(double[] signals) {
        double miss = 1;
        double inhibit = 1;
        for (int i = 0; i < signals.length; i++) {
            double w = weights[i];
            if (w > 0) {
                miss *= 1 - w * signals[i];
            } else if (w < 0) {
                inhibit *= 1 + w * signals[i];
            }
        }
        return Math.max(0, Math.min(1, (1 - miss) * inhibit));
    }

    Tier tier(double score) {
        return score < mediumAt ? Tier.SIMPLE : score < complexAt ? Tier.MEDIUM : Tier.COMPLEX;
    }

    double confidence(double score, Tier tier) {
        double lower = switch (tier) {
            case SIMPLE -> Double.NEGATIVE_INFINITY;
            case MEDIUM -> logit(mediumAt);
            case COMPLEX -> logit(complexAt);
        };
        double upper = switch (tier) {
            case SIMPLE -> logit(mediumAt);
            case MEDIUM -> logit(complexAt);
            case COMPLEX -> Double.POSITIVE_INFINITY;
        };
        double at = logit(Math.max(1e-9, Math.min(1 - 1e-9, score)));
        double p = logistic((upper - at) / LOG_ODDS_SPREAD) - logistic((lower - at) / LOG_ODDS_SPREAD);
        return Math.max(0, Math.min(1, p));
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    private static double logistic(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static Map<String, Double> features(double[] signals, double score, double tokens) {
        @SuppressWarnings("unchecked")
        Map.Entry<String, Double>[] entries = new Map.Entry[Signal.COUNT + 2];
        for (Signal s : SIGNALS) {
            entries[s.ordinal()] = Map.entry(s.key(), signals[s.ordinal()]);
        }
        entries[Signal.COUNT] = Map.entry("score", score);
        entries[Signal.COUNT + 1] = Map.entry("tokens", (double) Math.round(tokens));
        return Map.ofEntries(entries);
    }
}
