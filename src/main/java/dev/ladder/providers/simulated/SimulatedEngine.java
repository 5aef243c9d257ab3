package dev.ladder.providers.simulated;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.Usage;
import dev.ladder.providers.simulated.SimulatedModelConfig.FailureRates;
import dev.ladder.providers.simulated.SyntheticLogprobs.TokenLogprob;
import dev.ladder.wire.Tokens;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * The behaviour shared by the in-process {@link SimulatedProvider} and the HTTP {@link SimulatorServer}: for a
 * request to one configured model it decides, once, the outcome (drawn from the model's failure rates), the
 * answer (canned, echoed or replayed; truncated to {@code max_tokens} / {@code max_completion_tokens} with
 * finish reason {@code length}), the usage (counted with the real tokenizer: prompt as
 * {@link Tokens#promptTokens}, completion as the answer's tokens), the logprobs (when the model has them and
 * the request asked) and the pace. Structure the request asks for is honoured ({@link StructuredAnswers}): a call
 * of its first tool, JSON for its {@code response_format} (invalid for the model's {@code invalidJson} share of
 * calls), the answer cut at a {@code stop} sequence, and {@code n} identical choices (usage counts each). Randomness, time and waiting are injected, so a seeded engine with a
 * recording {@link Sleeper} is fully deterministic. Thread-safe.
 */
public final class SimulatedEngine {

    /** The Retry-After of a simulated 429. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private static final int MAX_TOP_LOGPROBS = 20;
    private static final int MAX_CHOICES = 8;

    private final Map<String, SimulatedModelConfig> models;
    private final RandomGenerator random;
    private final ReentrantLock randomLock = new ReentrantLock();
    private final Sleeper sleeper;
    private final InstantSource clock;
    private final SimulatedStats stats;
    private final AnswerSource answers = new AnswerSource();

    /**
     * @param models per upstream model id, how the model behaves
     * @param random the source of failure draws, ids and cut points; seed it for repeatable runs (used under a lock)
     * @param sleeper how calls wait (real in production, recording in tests)
     * @param clock the {@code created} timestamps
     */
    public SimulatedEngine(Map<String, SimulatedModelConfig> models, RandomGenerator random, Sleeper sleeper,
            InstantSource clock) {
        this.models = Map.copyOf(models);
        this.random = requireNonNull(random, "random is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.stats = new SimulatedStats(this.models.keySet());
    }

    /** An engine that really sleeps and reads the system clock. */
    public static SimulatedEngine realTime(Map<String, SimulatedModelConfig> models, RandomGenerator random) {
        return new SimulatedEngine(models, random, Sleeper.real(), InstantSource.system());
    }

    public Map<String, SimulatedModelConfig> models() {
        return models;
    }

    public SimulatedStats stats() {
        return stats;
    }

    Sleeper sleeper() {
        return sleeper;
    }

    /** A planned call and the handle that records how it ends. */
    record Call(Plan plan, CallTally tally) {
    }

    /**
     * Plans a call to {@code model} and counts it as started.
     *
     * @throws LadderException with {@link Failure.UnknownModel} when the model is not configured
     * @throws ReplayUnavailableException when the model replays a file that cannot be read
     */
    Call start(ChatRequest request, String model) {
        SimulatedModelConfig config = models.get(model);
        if (config == null) {
            throw new LadderException(new Failure.UnknownModel(model));
        }
        Optional<ObjectNode> toolCall = StructuredAnswers.toolCall(request);
        String fullText = toolCall.map(c -> c.path("arguments").asText())
                .orElseGet(() -> shaped(request, answers.text(config.answer(), request), config.invalidJson()));
        TokenizedText full = TokenizedText.of(fullText);
        TokenizedText answer = full.truncate(request.maxTokens().orElse(Integer.MAX_VALUE));
        String finishReason = answer.tokenCount() < full.tokenCount() ? "length"
                : toolCall.isPresent() ? "tool_calls" : "stop";
        int n = Math.clamp(request.body().path("n").asInt(1), 1, MAX_CHOICES);
        Usage usage = new Usage(Tokens.promptTokens(request), answer.tokenCount() * n);
        Optional<List<TokenLogprob>> logprobs = config.logprobs() && request.wantsLogprobs()
                ? Optional.of(SyntheticLogprobs.DEFAULT.of(fullText, answer.tokens(), topLogprobs(request)))
                : Optional.empty();
        Outcome outcome;
        String id;
        randomLock.lock();
        try {
            outcome = outcome(config.failures(), answer.pieces().size());
            id = "chatcmpl-sim-" + HexFormat.of().toHexDigits(random.nextLong())
                    + HexFormat.of().toHexDigits((int) random.nextLong());
        } finally {
            randomLock.unlock();
        }
        Plan plan = new Plan(id, clock.instant().getEpochSecond(), model, outcome, answer, finishReason, usage,
                logprobs, Timing.of(config), n, toolCall.map(c -> new Plan.ToolCall("call_" + id.substring(
                        id.length() - 12), c.path("name").asText())));
        return new Call(plan, stats.begin(model));
    }

    /**
     * One uniform draw against the cumulative rates; a cut falls after at least one piece and before the last,
     * a stall or a malformed chunk anywhere before the last piece (before the first content included).
     */
    private Outcome outcome(FailureRates rates, int pieces) {
        double u = random.nextDouble();
        double edge = rates.error500();
        if (u < edge) {
            return new Outcome.ServerError();
        }
        edge += rates.error429();
        if (u < edge) {
            return new Outcome.RateLimited(RETRY_AFTER);
        }
        edge += rates.timeout();
        if (u < edge) {
            return new Outcome.Hang();
        }
        edge += rates.streamCut();
        if (u < edge) {
            return new Outcome.Cut(pieces <= 1 ? pieces : 1 + random.nextInt(pieces - 1));
        }
        edge += rates.connectionReset();
        if (u < edge) {
            return new Outcome.Reset();
        }
        edge += rates.stall();
        if (u < edge) {
            return new Outcome.Stall(pieces <= 1 ? 0 : random.nextInt(pieces));
        }
        edge += rates.malformedChunk();
        if (u < edge) {
            return new Outcome.Malformed(pieces <= 1 ? 0 : random.nextInt(pieces));
        }
        return new Outcome.Answer();
    }

    /** JSON when the request asks for it (invalid for a share {@code invalidJson} of calls), cut at a stop sequence. */
    private String shaped(ChatRequest request, String text, double invalidJson) {
        Optional<String> json = StructuredAnswers.json(request, text);
        if (json.isEmpty()) {
            return StructuredAnswers.stopAt(request, text);
        }
        boolean broken;
        randomLock.lock();
        try {
            broken = invalidJson > 0 && random.nextDouble() < invalidJson;
        } finally {
            randomLock.unlock();
        }
        return broken ? StructuredAnswers.broken(json.get()) : json.get();
    }

    private static int topLogprobs(ChatRequest request) {
        return Math.clamp(request.body().path("top_logprobs").asInt(0), 0, MAX_TOP_LOGPROBS);
    }
}
