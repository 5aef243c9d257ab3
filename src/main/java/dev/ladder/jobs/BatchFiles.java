package dev.ladder.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.wire.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a batch whose jobs have all finished into what OpenAI's Batch API returns: the output file (one line per
 * answered request), the error file (requests that failed, expired or were cancelled), the final status, and
 * Ladder's additions to the metadata: {@code ladder_cost_usd} and {@code ladder_tier_mix} (requests per answering
 * tier, as JSON). Pure: no I/O, the caller stores the result in one transaction.
 */
final class BatchFiles {

    static final String COST_KEY = "ladder_cost_usd";
    static final String TIER_MIX_KEY = "ladder_tier_mix";

    private BatchFiles() {
    }

    record Summary(Batch batch, Optional<StoredFile> output, Optional<StoredFile> errors) {
    }

    static Summary finish(Batch b, List<Job> jobs, Instant now, String outputFileId, String errorFileId) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        double cost = 0;
        Map<String, Integer> mix = new TreeMap<>();
        boolean expired = false;
        for (Job j : jobs) {
            cost += j.result().map(JobResult::costUsd).orElse(0.0);
            j.result().flatMap(JobResult::tier).ifPresent(t -> mix.merge(t, 1, Integer::sum));
            expired |= j.state() == JobState.EXPIRED;
            StringBuilder target = j.state() == JobState.SUCCEEDED ? out : err;
            target.append(Json.write(line(j))).append('\n');
        }
        BatchStatus status = b.status() == BatchStatus.CANCELLING ? BatchStatus.CANCELLED
                : expired ? BatchStatus.EXPIRED : BatchStatus.COMPLETED;
        Map<BatchStatus, Instant> transitions = new EnumMap<>(BatchStatus.class);
        transitions.putAll(b.transitions());
        transitions.put(BatchStatus.FINALIZING, now);
        transitions.put(status, now);
        Map<String, String> metadata = new LinkedHashMap<>(b.metadata());
        metadata.put(COST_KEY, String.format(Locale.ROOT, "%.6f", cost));
        ObjectNode mixJson = Json.object();
        mix.forEach(mixJson::put);
        metadata.put(TIER_MIX_KEY, Json.write(mixJson));
        Optional<StoredFile> output = out.isEmpty() ? Optional.empty() : Optional.of(new StoredFile(outputFileId,
                "batch_output", b.id() + "_output.jsonl", now, out.toString().getBytes(StandardCharsets.UTF_8)));
        Optional<StoredFile> errors = err.isEmpty() ? Optional.empty() : Optional.of(new StoredFile(errorFileId,
                "batch_output", b.id() + "_error.jsonl", now, err.toString().getBytes(StandardCharsets.UTF_8)));
        Batch done = new Batch(b.id(), b.inputFileId(), b.endpoint(), b.completionWindow(), status, b.createdAt(),
                b.expiresAt(), transitions, output.map(StoredFile::id), errors.map(StoredFile::id), metadata,
                b.counts(), b.webhookUrl());
        return new Summary(done, output, errors);
    }

    /** One line of the output or error file, in OpenAI's shape. */
    static ObjectNode line(Job j) {
        ObjectNode n = Json.object();
        n.put("id", "batch_req_" + j.id());
        n.put("custom_id", j.customId().orElse(null));
        if (j.result().isPresent()) {
            JobResult r = j.result().get();
            ObjectNode response = n.putObject("response");
            response.put("status_code", r.statusCode());
            response.put("request_id", r.requestId());
            response.set("body", parse(r.body()));
            n.putNull("error");
        } else {
            n.putNull("response");
            ObjectNode error = n.putObject("error");
            boolean expired = j.state() == JobState.EXPIRED;
            error.put("code", expired ? "batch_expired" : "batch_cancelled");
            error.put("message", expired ? "This request could not be executed before the completion window expired."
                    : "This request was not executed because the batch was cancelled.");
        }
        return n;
    }

    static JsonNode parse(String json) {
        try {
            return Json.read(json);
        } catch (JsonProcessingException e) {
            return Json.NODES.textNode(json);
        }
    }

    /** The JSON lines of a file, each parsed (blank lines skipped). */
    static List<String> lines(byte[] content) {
        List<String> out = new ArrayList<>();
        for (String l : new String(content, StandardCharsets.UTF_8).split("\r?\n")) {
            if (!l.isBlank()) {
                out.add(l);
            }
        }
        return out;
    }
}
