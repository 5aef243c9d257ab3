package dev.ladder.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.LadderException;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiRequests;
import dev.ladder.wire.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Traffic for {@code ladder audit}: one request per entry with its feature tag and token counts.
 *
 * <p><b>JSONL shape</b> (one JSON object per line): either an OpenAI chat-completions request body
 * ({@code {"model": ..., "messages": [...]}}), or a wrapper {@code {"request": <body>, "feature": "support-bot",
 * "usage": {"prompt_tokens": 812, "completion_tokens": 95}}} where {@code feature} and {@code usage} are optional.
 * Without usage, prompt tokens are counted with the cl100k tokenizer and completion tokens are the request's
 * {@code max_tokens} or the given default.
 */
public record TrafficLog(List<Entry> entries, String source, boolean previewsOnly) {

    public static final String NO_FEATURE = "(none)";

    /** One request: the request the router sees, its feature tag and its tokens. */
    public record Entry(ChatRequest request, String feature, int promptTokens, int completionTokens) {
    }

    public static TrafficLog fromJsonl(Path file, int defaultCompletionTokens) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new EvalException(file + ": no such file");
        } catch (IOException e) {
            throw new EvalException(file + ": " + e.getMessage());
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty()) {
                entries.add(entry(line, file, i + 1, defaultCompletionTokens));
            }
        }
        if (entries.isEmpty()) {
            throw new EvalException(file + ": no requests");
        }
        return new TrafficLog(entries, file.toString(), false);
    }

    private static Entry entry(String line, Path file, int number, int defaultCompletionTokens) {
        JsonNode n;
        try {
            n = Json.read(line);
        } catch (IOException e) {
            throw new EvalException(file + ": line " + number + " is not JSON");
        }
        if (!n.isObject()) {
            throw new EvalException(file + ": line " + number + " is not a JSON object");
        }
        JsonNode body = n.has("request") ? n.get("request") : n;
        if (!body.isObject()) {
            throw new EvalException(file + ": line " + number + ": 'request' is not an object");
        }
        ChatRequest request;
        try {
            ObjectNode b = ((ObjectNode) body).deepCopy();
            if (!b.has("model")) {
                b.put("model", Prompts.ALIAS);
            }
            request = OpenAiRequests.parse(b);
        } catch (LadderException e) {
            throw new EvalException(file + ": line " + number + ": " + e.getMessage());
        }
        String feature = n.path("feature").isTextual() ? n.path("feature").asText() : NO_FEATURE;
        JsonNode usage = n.path("usage");
        int prompt = usage.path("prompt_tokens").canConvertToInt() ? usage.path("prompt_tokens").asInt()
                : Tokens.promptTokens(request);
        int completion = usage.path("completion_tokens").canConvertToInt() ? usage.path("completion_tokens").asInt()
                : request.maxTokens().orElse(defaultCompletionTokens);
        return new Entry(request, feature, prompt, completion);
    }

    /** The decision log's rows as traffic: the router sees the masked 200-char preview, not the full prompt. */
    public static TrafficLog fromDecisions(List<DecisionRow> rows, String source) {
        List<Entry> entries = new ArrayList<>();
        for (DecisionRow r : rows) {
            if (r.promptPreview().isBlank()) {
                continue;
            }
            entries.add(new Entry(Prompts.request(r.promptPreview()), r.feature().orElse(NO_FEATURE),
                    r.promptTokens(), r.completionTokens()));
        }
        if (entries.isEmpty()) {
            throw new EvalException(source + ": no logged requests with a prompt preview");
        }
        return new TrafficLog(entries, source, true);
    }

    public Optional<String> caveat() {
        return previewsOnly ? Optional.of("classified from the decision log's masked 200-character prompt previews, "
                + "not the full prompts") : Optional.empty();
    }
}
