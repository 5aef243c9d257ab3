package dev.ladder.providers.simulated;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.providers.simulated.TokenizedText.Token;
import dev.ladder.wire.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Plausible, deterministic token logprobs for a simulated answer, so that confidence validators have
 * something realistic to measure. The rule: an answer is <em>hedged</em> when its text contains one of
 * {@link #HEDGES} (case-insensitive, curly apostrophes folded), otherwise <em>confident</em>. Each token's
 * logprob is the answer's mean ({@link #CONFIDENT_MEAN} or {@link #HEDGED_MEAN}) times an Exponential(1)
 * draw, so the mean logprob per token converges to that mean while single tokens vary the way real ones do.
 * The draws are seeded by the answer text and the token's position: the same text always gets the same
 * values, streamed or not. Alternatives for {@code top_logprobs} are common tokens sharing the remaining
 * probability mass.
 */
final class SyntheticLogprobs {

    static final double CONFIDENT_MEAN = -0.05;
    static final double HEDGED_MEAN = -1.0;
    static final double FLOOR = -30;

    static final List<String> HEDGES = List.of("i'm not sure", "i am not sure", "not certain", "i'm unsure",
            "i don't know", "i do not know", "i think", "i believe", "i guess", "maybe", "perhaps", "possibly",
            "probably", "might be", "it's unclear", "it is unclear", "hard to say", "uncertain");

    private static final List<String> ALTERNATIVES = List.of(" the", " a", ",", ".", " and", " to", " of", " is",
            " in", "\n", " I", " it", " that", " for", " you", " this", " with", " on", " be", " are", " not");

    static final SyntheticLogprobs DEFAULT = new SyntheticLogprobs(CONFIDENT_MEAN, HEDGED_MEAN);

    /** One token's entry; alternatives have no alternatives of their own. */
    record TokenLogprob(String token, double logprob, byte[] bytes, List<TokenLogprob> top) {
    }

    private final double confidentMean;
    private final double hedgedMean;

    SyntheticLogprobs(double confidentMean, double hedgedMean) {
        if (!(confidentMean < 0) || !(hedgedMean < 0)) {
            throw new IllegalArgumentException("mean logprobs must be < 0");
        }
        this.confidentMean = confidentMean;
        this.hedgedMean = hedgedMean;
    }

    static boolean hedged(String text) {
        String t = text.replace('\u2019', '\'').toLowerCase(Locale.ROOT);
        return HEDGES.stream().anyMatch(t::contains);
    }

    /** Entries for {@code tokens} of the answer {@code answer}, with up to {@code topLogprobs} (0..20) alternatives. */
    List<TokenLogprob> of(String answer, List<Token> tokens, int topLogprobs) {
        double mean = hedged(answer) ? hedgedMean : confidentMean;
        long seed = mix(answer.hashCode() ^ ((long) answer.length() << 32));
        List<TokenLogprob> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            long h = mix(seed + i);
            double u = (h >>> 11) * 0x1.0p-53;
            double logprob = Math.max(FLOOR, Math.min(-1e-7, mean * -Math.log1p(-u)));
            Token t = tokens.get(i);
            TokenLogprob chosen = new TokenLogprob(t.text(), logprob, t.bytes(), List.of());
            out.add(new TokenLogprob(chosen.token(), logprob, t.bytes(), top(chosen, mix(h), topLogprobs)));
        }
        return out;
    }

    private static List<TokenLogprob> top(TokenLogprob chosen, long h, int k) {
        if (k <= 0) {
            return List.of();
        }
        List<TokenLogprob> candidates = new ArrayList<>(k + 1);
        candidates.add(chosen);
        double rest = -Math.expm1(chosen.logprob());
        int start = (int) Long.remainderUnsigned(h, ALTERNATIVES.size());
        double share = 0.5;
        for (int j = 0; j < ALTERNATIVES.size() && candidates.size() <= k; j++) {
            String alt = ALTERNATIVES.get((start + j) % ALTERNATIVES.size());
            if (!alt.equals(chosen.token())) {
                double logprob = rest > 0 ? Math.max(FLOOR, Math.log(rest * share)) : FLOOR;
                candidates.add(new TokenLogprob(alt, logprob, alt.getBytes(StandardCharsets.UTF_8), List.of()));
                share /= 2;
            }
        }
        candidates.sort(Comparator.comparingDouble(TokenLogprob::logprob).reversed());
        return List.copyOf(candidates.subList(0, Math.min(k, candidates.size())));
    }

    /** OpenAI's choice {@code logprobs} object: {@code {"content": [...], "refusal": null}}. */
    static ObjectNode json(List<TokenLogprob> entries) {
        ObjectNode root = Json.object();
        ArrayNode content = root.putArray("content");
        for (TokenLogprob e : entries) {
            ObjectNode n = entry(content.addObject(), e);
            ArrayNode top = n.putArray("top_logprobs");
            e.top().forEach(alt -> entry(top.addObject(), alt));
        }
        root.putNull("refusal");
        return root;
    }

    private static ObjectNode entry(ObjectNode n, TokenLogprob e) {
        n.put("token", e.token());
        n.put("logprob", e.logprob());
        ArrayNode bytes = n.putArray("bytes");
        for (byte b : e.bytes()) {
            bytes.add(b & 0xFF);
        }
        return n;
    }

    /** SplitMix64's finalizer: a well-mixed 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
