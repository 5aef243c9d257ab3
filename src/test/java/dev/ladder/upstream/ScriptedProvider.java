package dev.ladder.upstream;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.Usage;
import dev.ladder.pipeline.Provider;
import dev.ladder.pipeline.UpstreamCall;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A provider double scripted per test: answers with text, or fails before or during a stream. */
final class ScriptedProvider implements Provider {

    private final String name;
    private final Failure failBeforeStart;
    private final Failure failAfterContent;
    private final String text;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();

    private ScriptedProvider(String name, String text, Failure failBeforeStart, Failure failAfterContent) {
        this.name = name;
        this.text = text;
        this.failBeforeStart = failBeforeStart;
        this.failAfterContent = failAfterContent;
    }

    static ScriptedProvider answering(String name, String text) {
        return new ScriptedProvider(name, text, null, null);
    }

    static ScriptedProvider failing(String name, Failure f) {
        return new ScriptedProvider(name, "", f, null);
    }

    static ScriptedProvider cutAfterContent(String name, String text, Failure f) {
        return new ScriptedProvider(name, text, null, f);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ChatResponse complete(UpstreamCall call) {
        calls.incrementAndGet();
        if (failBeforeStart != null) {
            throw new LadderException(failBeforeStart);
        }
        return new ChatResponse("id-" + name, 1, call.model().upstreamModel(),
                List.of(new ChatResponse.Choice(0, text, null, null, "stop", null)),
                Optional.of(new Usage(10, 5)), Optional.empty());
    }

    @Override
    public ChunkStream stream(UpstreamCall call) {
        calls.incrementAndGet();
        Deque<Object> script = new ArrayDeque<>();
        script.add(chunk(new ChatChunk.Delta(0, "assistant", null, null, null, null, null), null));
        if (failBeforeStart != null) {
            script.add(failBeforeStart);
        }
        for (String piece : text.split("(?<= )")) {
            if (!piece.isEmpty()) {
                script.add(chunk(new ChatChunk.Delta(0, null, piece, null, null, null, null), null));
            }
        }
        if (failAfterContent != null) {
            script.add(failAfterContent);
        }
        script.add(chunk(new ChatChunk.Delta(0, null, null, null, null, "stop", null), null));
        script.add(new ChatChunk("id", 1, "m", List.of(), Optional.of(new Usage(10, 5))));
        List<Object> items = new ArrayList<>(script);
        return new ChunkStream() {
            int i;

            @Override
            public Optional<ChatChunk> next() {
                if (i >= items.size()) {
                    return Optional.empty();
                }
                Object o = items.get(i++);
                if (o instanceof Failure f) {
                    throw new LadderException(f);
                }
                return Optional.of((ChatChunk) o);
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
    }

    private static ChatChunk chunk(ChatChunk.Delta d, Usage u) {
        return new ChatChunk("id", 1, "m", List.of(d), Optional.ofNullable(u));
    }
}
