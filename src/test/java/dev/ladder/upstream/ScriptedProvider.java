package dev.ladder.upstream;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.Usage;
import dev.ladder.pipeline.Provider;
import dev.ladder.pipeline.UpstreamCall;
import java.time.Duration;
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
    /** The timeout each call was given: what the stage allowed it, read instead of timing the call. */
    final List<Duration> timeouts = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Chunks with content handed out so far. */
    final AtomicInteger contentSent = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    /** Readers inside a stream's next() right now (a stalled one waits there until interrupted). */
    final AtomicInteger reading = new AtomicInteger();
    /** Calls left that fail with {@link #failBeforeStart} before the provider starts answering. */
    private final AtomicInteger failuresLeft;
    private boolean hangs;
    private Duration firstContentAfter = Duration.ZERO;
    private boolean stallsAfterContent;

    private ScriptedProvider(String name, String text, Failure failBeforeStart, Failure failAfterContent) {
        this.name = name;
        this.text = text;
        this.failBeforeStart = failBeforeStart;
        this.failAfterContent = failAfterContent;
        this.failuresLeft = new AtomicInteger(Integer.MAX_VALUE);
    }

    /** Fails its first {@code times} calls with {@code f}, then answers {@code text}. */
    static ScriptedProvider failingFirst(String name, int times, Failure f, String text) {
        ScriptedProvider p = new ScriptedProvider(name, text, f, null);
        p.failuresLeft.set(times);
        return p;
    }

    /** Never answers: every call waits out its timeout, as a real adapter would, and then times out. */
    static ScriptedProvider hanging(String name) {
        ScriptedProvider p = new ScriptedProvider(name, "", null, null);
        p.hangs = true;
        return p;
    }

    /** Streams {@code text}, but only {@code delay} after the role chunk. */
    static ScriptedProvider slowToFirstContent(String name, Duration delay, String text) {
        ScriptedProvider p = new ScriptedProvider(name, text, null, null);
        p.firstContentAfter = delay;
        return p;
    }

    /** Streams {@code text}, then sends nothing more without closing (until closed or interrupted). */
    static ScriptedProvider stallingAfterContent(String name, String text) {
        ScriptedProvider p = new ScriptedProvider(name, text, null, null);
        p.stallsAfterContent = true;
        return p;
    }

    private boolean failsNow() {
        return failBeforeStart != null && failuresLeft.getAndDecrement() > 0;
    }

    private void hang(UpstreamCall call) {
        try {
            Thread.sleep(call.timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new LadderException(new Failure.UpstreamTimeout(name, call.timeout(), "no answer"));
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LadderException(new Failure.UpstreamUnreachable("scripted", "interrupted"));
        }
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
        timeouts.add(call.timeout());
        if (hangs) {
            hang(call);
        }
        if (failsNow()) {
            throw new LadderException(failBeforeStart);
        }
        return new ChatResponse("id-" + name, 1, call.model().upstreamModel(),
                List.of(new ChatResponse.Choice(0, text, null, null, "stop", null)),
                Optional.of(new Usage(10, 5)), Optional.empty());
    }

    @Override
    public ChunkStream stream(UpstreamCall call) {
        calls.incrementAndGet();
        timeouts.add(call.timeout());
        if (hangs) {
            hang(call);
        }
        Deque<Object> script = new ArrayDeque<>();
        script.add(chunk(new ChatChunk.Delta(0, "assistant", null, null, null, null, null), null));
        if (failsNow()) {
            script.add(failBeforeStart);
        }
        if (firstContentAfter.isPositive()) {
            script.add(firstContentAfter);
        }
        for (String piece : text.split("(?<= )")) {
            if (!piece.isEmpty()) {
                script.add(chunk(new ChatChunk.Delta(0, null, piece, null, null, null, null), null));
            }
        }
        if (failAfterContent != null) {
            script.add(failAfterContent);
        }
        if (stallsAfterContent) {
            script.add(Duration.ofMinutes(5));
        }
        script.add(chunk(new ChatChunk.Delta(0, null, null, null, null, "stop", null), null));
        script.add(new ChatChunk("id", 1, "m", List.of(), Optional.of(new Usage(10, 5))));
        List<Object> items = new ArrayList<>(script);
        return new ChunkStream() {
            int i;

            @Override
            public Optional<ChatChunk> next() {
                reading.incrementAndGet();
                try {
                    return read();
                } finally {
                    reading.decrementAndGet();
                }
            }

            private Optional<ChatChunk> read() {
                if (i >= items.size()) {
                    return Optional.empty();
                }
                Object o = items.get(i++);
                if (o instanceof Failure f) {
                    throw new LadderException(f);
                }
                if (o instanceof Duration d) {
                    pause(d);
                    return read();
                }
                ChatChunk c = (ChatChunk) o;
                if (c.hasContent()) {
                    contentSent.incrementAndGet();
                }
                return Optional.of(c);
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
