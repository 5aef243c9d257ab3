package dev.ladder.validate;

import dev.ladder.model.Attempt;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Price;
import dev.ladder.model.Usage;
import dev.ladder.pipeline.ModelCalls;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The model calls a judge is given, scripted per test: the judge says a fixed text, or the call fails. Records
 * what was asked, for which purpose and with which timeout.
 */
final class FakeJudge implements ModelCalls {

    static final ModelSpec MODEL = new ModelSpec("judge", "fake", "judge-1", new Price(0.15, 0.6), 32_000, Set.of());

    private final String says;
    private final Failure fails;
    final List<ChatRequest> asked = new CopyOnWriteArrayList<>();
    final List<Attempt.Purpose> purposes = new CopyOnWriteArrayList<>();
    final List<Duration> timeouts = new CopyOnWriteArrayList<>();

    private FakeJudge(String says, Failure fails) {
        this.says = says;
        this.fails = fails;
    }

    static FakeJudge saying(String text) {
        return new FakeJudge(text, null);
    }

    static FakeJudge failing(Failure failure) {
        return new FakeJudge("", failure);
    }

    @Override
    public ChatResponse complete(Attempt.Purpose purpose, ModelSpec model, ChatRequest request, Duration timeout) {
        asked.add(request);
        purposes.add(purpose);
        timeouts.add(timeout);
        if (fails != null) {
            throw new LadderException(fails);
        }
        return new ChatResponse("judge-1", 1, "judge-1", List.of(new ChatResponse.Choice(0, says, null, null, "stop",
                null)), Optional.of(new Usage(120, 2)), Optional.empty());
    }
}
