package dev.ladder.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.eval.EvalException;
import dev.ladder.eval.RecordedRuns;
import dev.ladder.model.ChatRequest;
import dev.ladder.validate.AnswerKind;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The consensus validator's score, recomputed from recorded answers: per prompt, the share of all answers (the
 * answering model's and the sampled models') that agree with the answering model's, compared as the validator
 * compares them ({@link AnswerKind}: configured, or detected from the prompt). As live: an answer with nothing to
 * compare scores 0 (it fails), a sample with nothing to compare does not vote, and when no sample voted the
 * answer is kept (score 1). What {@code ladder calibrate --samples} turns into a {@code min_agreement}.
 *
 * @param weak the answering model's score per prompt
 * @param strong the frontier model's score per prompt
 * @param agreement the validator's score per prompt
 * @param kinds how many prompts were compared as each kind, in {@link AnswerKind} order
 */
record ConsensusAgreement(double[] weak, double[] strong, double[] agreement, int[] kinds) {

    /**
     * @param similarity the overlap text and code answers need (empty: the kind's default)
     */
    static ConsensusAgreement of(List<RecordedRuns.Run> runs, String answering, List<String> samples, String frontier,
            Optional<AnswerKind> kind, java.util.OptionalDouble similarity) {
        List<double[]> rows = new ArrayList<>();
        int[] kinds = new int[AnswerKind.values().length];
        for (RecordedRuns.Run run : runs) {
            RecordedRuns.Recorded mine = run.answers().get(answering);
            RecordedRuns.Recorded best = run.answers().get(frontier);
            if (mine == null || best == null) {
                continue;
            }
            AnswerKind k = kind.orElseGet(() -> AnswerKind.detect(request(run.prompt())));
            kinds[k.ordinal()]++;
            rows.add(new double[] {mine.score(), best.score(), score(k, mine.response(), samples, run, similarity)});
        }
        if (rows.isEmpty()) {
            throw new EvalException("no prompt has recorded answers of both '" + answering + "' and '" + frontier + "'");
        }
        double[] w = new double[rows.size()];
        double[] s = new double[rows.size()];
        double[] a = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            w[i] = rows.get(i)[0];
            s[i] = rows.get(i)[1];
            a[i] = rows.get(i)[2];
        }
        return new ConsensusAgreement(w, s, a, kinds);
    }

    private static double score(AnswerKind k, String answer, List<String> samples, RecordedRuns.Run run,
            java.util.OptionalDouble similarity) {
        Optional<String> mine = k.key(answer);
        if (mine.isEmpty()) {
            return 0;
        }
        int voted = 0;
        int agreeing = 0;
        for (String model : samples) {
            RecordedRuns.Recorded other = run.answers().get(model);
            Optional<String> key = other == null ? Optional.empty() : k.key(other.response());
            if (key.isEmpty()) {
                continue;
            }
            voted++;
            boolean same = similarity.isPresent() ? k.agree(mine.get(), key.get(), similarity.getAsDouble())
                    : k.agree(mine.get(), key.get());
            agreeing += same ? 1 : 0;
        }
        return voted == 0 ? 1 : (1.0 + agreeing) / (1.0 + voted);
    }

    private static ChatRequest request(String prompt) {
        ObjectNode body = Json.object().put("model", "ladder/auto");
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        return OpenAiRequests.parse(body);
    }

    /** Whether answers of these kinds are compared by overlap, so a similarity can be calibrated too. */
    boolean hasOverlapKinds() {
        return kinds[AnswerKind.TEXT.ordinal()] + kinds[AnswerKind.CODE.ordinal()] > 0;
    }
}
