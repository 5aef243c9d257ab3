package dev.ladder.validate;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Price;
import dev.ladder.model.Usage;
import dev.ladder.pipeline.Provider;
import dev.ladder.pipeline.UpstreamCall;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** A judging model scripted per test: says a fixed text, takes a while, or fails. Records what it was asked. */
final class FakeJudge implements Provider {

    static final ModelSpec MODEL = new ModelSpec("judge", "fake", "judge-1", new Price(0.15, 0.6), 32_000, Set.of());

    private final String says;
    private final Duration takes;
    private final Failure fails;
    final List<ChatRequest> asked = new CopyOnWriteArrayList<>();
    final CountDownLatch interrupted = new CountDownLatch(1);

    private FakeJudge(String says, Duration takes, Failure fails) {
        this.says = says;
        this.takes = takes;
        this.fails = fails;
    }

    static FakeJudge saying(String text) {
        return new FakeJudge(text, Duration.ZERO, null);
    }

    static FakeJudge slow(Duration takes) {
        return new FakeJudge("9", takes, null);
    }

    static FakeJudge failing(Failure failure) {
        return new FakeJudge("", Duration.ZERO, failure);
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public ChatResponse complete(UpstreamCall call) {
        asked.add(call.request());
        if (fails != null) {
            throw new LadderException(fails);
        }
        try {
            Thread.sleep(takes);
        } catch (InterruptedException e) {
            interrupted.countDown();
            throw new LadderException(new Failure.UpstreamTimeout("fake", takes, "interrupted"));
        }
        return new ChatResponse("judge-1", 1, "judge-1", List.of(new ChatResponse.Choice(0, says, null, null, "stop",
                null)), Optional.of(new Usage(120, 2)), Optional.empty());
    }

    @Override
    public ChunkStream stream(UpstreamCall call) {
        throw new UnsupportedOperationException("judges are not streamed");
    }

}
