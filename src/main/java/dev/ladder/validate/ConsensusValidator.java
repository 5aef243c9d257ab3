package dev.ladder.validate;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.Attempt;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Requirements;
import dev.ladder.pipeline.ModelCalls;
import dev.ladder.wire.OpenAiRequests;
import dev.ladder.wire.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Self-consistency: asks other (cheap) models the same question in parallel and accepts the answer when
 * enough of them give the same one. What "the same" means depends on the answer's {@link AnswerKind}:
 * configured per route, or detected from the request. Each sample is an attempt of the request (purpose
 * {@code sample}: billed, behind its model's breaker, in the decision log). The score is the share of all
 * answers (this one and the samples that answered) that agree with this one; at or above
 * {@code minAgreement} passes. A sample that fails does not vote; when none answered, the verdict is not
 * applicable. An answer with nothing to compare (no letter for a choice, no number) fails. A model that cannot
 * serve the question as asked (it lacks a capability the request needs, or its window is too small) is not
 * asked; when none can, the verdict is not applicable.
 */
public final class ConsensusValidator implements Validator {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Every answer must agree: two different cheap models agreeing is the evidence that transfers. */
    public static final double DEFAULT_MIN_AGREEMENT = 1.0;

    private final List<ModelSpec> models;
    private final Optional<AnswerKind> kind;
    private final double minAgreement;
    private final Duration timeout;
    private final java.util.OptionalDouble similarity;

    /**
     * @param models the models asked, once each (list one twice to sample it twice)
     * @param kind how answers are compared; empty to detect it from each request
     */
    public ConsensusValidator(List<ModelSpec> models, Optional<AnswerKind> kind, double minAgreement,
            Duration timeout) {
        this(models, kind, minAgreement, timeout, java.util.OptionalDouble.empty());
    }

    /** @param similarity the word or token overlap text and code answers need to agree (else the kind's default) */
    public ConsensusValidator(List<ModelSpec> models, Optional<AnswerKind> kind, double minAgreement,
            Duration timeout, java.util.OptionalDouble similarity) {
        this.models = List.copyOf(models);
        if (this.models.isEmpty()) {
            throw new IllegalArgumentException("models: must name at least one model to ask");
        }
        this.kind = requireNonNull(kind, "kind is null");
        if (!(minAgreement > 0 && minAgreement <= 1)) {
            throw new IllegalArgumentException("min_agreement: must be > 0 and <= 1");
        }
        this.minAgreement = minAgreement;
        this.timeout = requireNonNull(timeout, "timeout is null");
        if (!timeout.isPositive()) {
            throw new IllegalArgumentException("timeout: must be > 0");
        }
        this.similarity = requireNonNull(similarity, "similarity is null");
        if (similarity.isPresent() && !(similarity.getAsDouble() > 0 && similarity.getAsDouble() <= 1)) {
            throw new IllegalArgumentException("similarity: must be > 0 and <= 1");
        }
    }

    private boolean agree(AnswerKind k, String a, String b) {
        return similarity.isPresent() ? k.agree(a, b, similarity.getAsDouble()) : k.agree(a, b);
    }

    /** Without a way to ask the other models (offline): not applicable. */
    @Override
    public Verdict validate(ChatRequest request, ChatResponse response) {
        return judge(request, response, ModelCalls.NONE);
    }

    public Verdict judge(ChatRequest request, ChatResponse response, ModelCalls calls) {
        AnswerKind k = kind.orElseGet(() -> AnswerKind.detect(request));
        Optional<String> mine = k.key(response.text());
        if (mine.isEmpty()) {
            return new Verdict.Fail(Reason.DISAGREEMENT, 0, "your answer has no " + what(k)
                    + " to compare; answer again and state it clearly");
        }
        ChatRequest sample = sampleRequest(request);
        // a sample goes only to a model that can serve the question as asked (tools, schema, images, context)
        Requirements needs = Tokens.requirements(sample);
        List<ModelSpec> able = models.stream().filter(needs::metBy).toList();
        if (able.isEmpty()) {
            return new Verdict.NotApplicable("none of the " + models.size() + " other models can serve this request: "
                    + String.join("; ", models.stream().distinct().map(m -> needs.unmetBy(m, OptionalInt.empty())
                            .orElseThrow()).toList()));
        }
        List<Optional<String>> votes = ask(sample, able, calls, k);
        List<String> answered = votes.stream().flatMap(Optional::stream).toList();
        if (answered.isEmpty()) {
            return new Verdict.NotApplicable("none of the " + able.size() + " other models answered");
        }
        long agreeing = answered.stream().filter(v -> agree(k, mine.get(), v)).count();
        double score = (1.0 + agreeing) / (1.0 + answered.size());
        String tally = (agreeing + 1) + " of " + (answered.size() + 1) + " answers agree (" + k.wireName() + ")";
        if (score >= minAgreement) {
            return new Verdict.Pass(score, tally);
        }
        List<String> others = answered.stream().filter(v -> !agree(k, mine.get(), v)).map(ConsensusValidator::shorten)
                .distinct().toList();
        return new Verdict.Fail(Reason.DISAGREEMENT, score, tally + "; other models answered " + String.join(", ", others)
                + " where you answered " + shorten(mine.get()) + "; check your reasoning and answer again");
    }

    /** Each model's answer key, in order; empty for a model that failed or gave nothing comparable. */
    private List<Optional<String>> ask(ChatRequest sample, List<ModelSpec> asked, ModelCalls calls, AnswerKind k) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Optional<String>>> futures = new ArrayList<>();
            for (ModelSpec m : asked) {
                futures.add(pool.submit(() -> {
                    try {
                        return k.key(calls.complete(Attempt.Purpose.SAMPLE, m, sample, timeout).text());
                    } catch (LadderException e) {
                        return Optional.<String>empty();
                    }
                }));
            }
            List<Optional<String>> out = new ArrayList<>();
            for (Future<Optional<String>> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a consensus sample failed", e.getCause());
        }
    }

    /** The question as the samples get it: whole, without streaming or logprobs. */
    private static ChatRequest sampleRequest(ChatRequest request) {
        ObjectNode body = request.bodyCopy();
        body.remove("stream");
        body.remove("stream_options");
        body.remove("logprobs");
        body.remove("top_logprobs");
        return OpenAiRequests.parse(body);
    }

    private static String what(AnswerKind k) {
        return switch (k) {
            case CHOICE -> "choice letter";
            case NUMBER -> "final number";
            case JSON -> "JSON value";
            case CODE -> "code";
            case TEXT -> "text";
        };
    }

    private static String shorten(String s) {
        String one = s.replace('\n', ' ').strip();
        return one.length() <= 40 ? "'" + one + "'" : "'" + one.substring(0, 40) + "...'";
    }
}
