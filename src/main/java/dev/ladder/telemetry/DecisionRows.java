package dev.ladder.telemetry;

import dev.ladder.text.PiiMasker;
import dev.ladder.text.SecretMasker;

import dev.ladder.model.Attempt;
import dev.ladder.model.Classification;
import dev.ladder.model.Escalation;
import dev.ladder.model.Failure;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.pipeline.RequestRecord;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Flattens a {@link RequestRecord} into the row the decision log stores. Pure. Every free text that may
 * carry what a user typed (the prompt preview and upstream error messages, which often quote the request)
 * is masked with {@link SecretMasker} and {@link PiiMasker}, and the end user's id is hashed; error messages are masked first and then capped, so a cap never splits
 * something the masker would have caught.
 */
final class DecisionRows {

    /** Longest stored error message, in characters; the full text is in the server log. */
    static final int MAX_ERROR_CHARS = 1_000;

    private DecisionRows() {
    }

    static DecisionRow toRow(RequestRecord r) {
        RequestContext ctx = r.context();
        Optional<Classification> c = r.classification();
        // the end user's id is often an e-mail: stored as a stable hash, enough to group by, not to read
        return new DecisionRow(r.requestId(), r.receivedAt(), ctx.keyId(), ctx.user().map(SecretMasker::hashed),
                ctx.feature(),
                preview(r.promptPreview()), r.stream(), c.map(Classification::classifier),
                c.map(x -> OptionalDouble.of(x.score())).orElse(OptionalDouble.empty()),
                c.map(x -> OptionalDouble.of(x.confidence())).orElse(OptionalDouble.empty()),
                c.map(Classification::features).orElse(Map.of()), r.routedTier(), r.model(), r.answeredTier(),
                r.attempts().stream().map(DecisionRows::attempt).toList(), r.httpStatus(),
                r.failure().map(FailureKinds::of), r.failure().map(Failure::message).map(DecisionRows::errorText),
                r.latency().toMillis(), r.upstreamLatency().toMillis(), r.usage().promptTokens(),
                r.usage().completionTokens(), r.costUsd(), r.baselineCostUsd(), r.cacheStatus(), r.escalations(),
                r.savedCostUsd(), r.routeReason(), r.escalationList().stream().map(DecisionRows::escalation).toList());
    }

    private static DecisionRow.AttemptRow attempt(Attempt a) {
        return new DecisionRow.AttemptRow(a.seq(), a.purpose().wireName(), a.model(), a.provider(), a.tier(),
                a.startedAt(), a.latency().toMillis(), a.outcome().wireName(), a.failure().map(FailureKinds::of),
                a.failure().map(Failure::message).map(DecisionRows::errorText), a.sent().maxTokens(),
                a.sent().temperature(), a.usage().promptTokens(), a.usage().completionTokens(), a.costUsd(),
                a.verdict().map(Attempt.Verdict::accepted), a.verdict().map(v -> errorText(v.details())));
    }

    private static DecisionRow.EscalationRow escalation(Escalation e) {
        return new DecisionRow.EscalationRow(e.from(), e.to(), e.cause().wireName(), errorText(e.reason()));
    }

    /**
     * Masks the raw preview (up to {@link RequestRecord#PREVIEW_SOURCE_CHARS}) and only then cuts it to
     * {@link RequestRecord#PREVIEW_CHARS}, so the cut cannot split an address before it is recognised. When the
     * raw text was itself cut, its tail may be a fragment: {@link PiiMasker#maskCut} handles that.
     */
    private static String preview(String text) {
        String secretsMasked = SecretMasker.mask(text);
        String masked = secretsMasked.length() >= RequestRecord.PREVIEW_SOURCE_CHARS
                ? PiiMasker.maskCut(secretsMasked) : PiiMasker.mask(secretsMasked);
        return masked.length() <= RequestRecord.PREVIEW_CHARS ? masked
                : masked.substring(0, RequestRecord.PREVIEW_CHARS);
    }

    private static String errorText(String message) {
        String masked = PiiMasker.mask(SecretMasker.mask(message));
        return masked.length() <= MAX_ERROR_CHARS ? masked : masked.substring(0, MAX_ERROR_CHARS);
    }
}
