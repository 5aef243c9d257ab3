package dev.ladder.eval;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.Usage;
import dev.ladder.pipeline.Provider;
import dev.ladder.pipeline.UpstreamCall;
import dev.ladder.wire.Chunks;
import dev.ladder.wire.Tokens;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A provider that answers from recorded data: each configured model answers what the data recorded for it on
 * the prompt being replayed ({@link #replaying}). A model with no recording for the prompt fails like a
 * provider that is down (503), so the policy's failover and escalation take over. Usage is counted with the
 * tokenizer. One prompt at a time; the calls of that prompt may run in parallel (race legs, consensus).
 */
public final class RecordedProvider implements Provider {

    public static final String NAME = "recorded";

    /** Configured model name -> the data's model column it answers from. */
    private final Map<String, String> columns;
    private volatile RecordedRuns.Run current;

    public RecordedProvider(Map<String, String> columns) {
        this.columns = Map.copyOf(columns);
    }

    /** The prompt whose recordings answer from now on. */
    public void replaying(RecordedRuns.Run run) {
        this.current = run;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ChatResponse complete(UpstreamCall call) {
        RecordedRuns.Run run = current;
        String column = columns.getOrDefault(call.model().name(), call.model().upstreamModel());
        RecordedRuns.Recorded r = run == null ? null : run.answers().get(column);
        if (r == null) {
            throw new LadderException(new Failure.UpstreamError(NAME, 503, "no recorded answer of '" + column
                    + "' for this prompt"));
        }
        Usage usage = new Usage(Tokens.promptTokens(call.request()), Tokens.count(r.response()));
        return new ChatResponse("replay-" + column, 0, column, List.of(new ChatResponse.Choice(0, r.response(), null,
                null, "stop", null)), Optional.of(usage), Optional.empty());
    }

    @Override
    public ChunkStream stream(UpstreamCall call) {
        List<ChatChunk> chunks = Chunks.of(complete(call));
        return Chunks.replay(chunks);
    }
}
