package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.access.Caller;
import dev.ladder.jobs.Batch;
import dev.ladder.jobs.BatchStatus;
import dev.ladder.jobs.Job;
import dev.ladder.jobs.JobService;
import dev.ladder.jobs.StoredFile;
import dev.ladder.model.LadderException;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.wire.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAI's Files and Batches APIs ({@code /v1/files}, {@code /v1/batches}) and Ladder's {@code /v1/jobs/{id}}, in
 * OpenAI's shapes; the work itself is the {@link JobService}'s.
 */
final class JobsHandlers {

    private static final int DEFAULT_LIST_LIMIT = 20;
    private static final int MAX_LIST_LIMIT = 100;

    private final JobService jobs;
    private final long maxBodyBytes;

    JobsHandlers(JobService jobs, long maxBodyBytes) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The routes, each behind {@code guard}'s API key check. */
    void register(HttpRules r, Guard guard) {
        r.post("/v1/files", guard.api(guarded(this::upload)))
                .get("/v1/files/{id}", guard.api(guarded(this::file)))
                .get("/v1/files/{id}/content", guard.api(guarded(this::content)))
                .post("/v1/batches", guard.identified((caller, req, res) -> guarded((q, s) -> createBatch(caller, q, s))
                        .handle(req, res)))
                .get("/v1/batches", guard.api(guarded(this::listBatches)))
                .get("/v1/batches/{id}", guard.api(guarded(this::batch)))
                .post("/v1/batches/{id}/cancel", guard.api(guarded(this::cancel)))
                .get("/v1/jobs/{id}", guard.api(guarded(this::job)));
    }

    interface Route {
        void handle(ServerRequest req, ServerResponse res);
    }

    /** Every failure of these routes is an OpenAI error from the one mapper. */
    private static io.helidon.webserver.http.Handler guarded(Route route) {
        return (req, res) -> {
            try {
                route.handle(req, res);
            } catch (LadderException e) {
                Responses.sendError(res, ErrorMapper.map(e.failure()));
            }
        };
    }

    private void upload(ServerRequest req, ServerResponse res) {
        byte[] body = ChatCompletionsHandler.readBody(req, maxBodyBytes);
        Map<String, Multipart.Part> parts = Multipart.parse(req.headers().first(HeaderNames.CONTENT_TYPE), body);
        Multipart.Part file = parts.get("file");
        if (file == null) {
            throw LadderException.badRequest("Missing the 'file' part.", "file");
        }
        String purpose = Optional.ofNullable(parts.get("purpose")).map(Multipart.Part::text).map(String::strip)
                .orElseThrow(() -> LadderException.badRequest("Missing the 'purpose' field.", "purpose"));
        json(res, 200, file(jobs.upload(file.filename().orElse("upload.jsonl"), purpose, file.content())));
    }

    private void file(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        jobs.file(id).ifPresentOrElse(f -> json(res, 200, file(f)),
                () -> Responses.sendError(res, ErrorMapper.noSuch("file", id)));
    }

    private void content(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        Optional<StoredFile> f = jobs.file(id);
        if (f.isEmpty()) {
            Responses.sendError(res, ErrorMapper.noSuch("file", id));
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/jsonl");
        res.status(200).send(f.get().content());
    }

    private void createBatch(Caller who, ServerRequest req, ServerResponse res) {
        JsonNode body = jsonBody(req);
        String input = required(body, "input_file_id");
        Map<String, String> metadata = new LinkedHashMap<>();
        body.path("metadata").properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
        Optional<String> webhook = webhookUrl(req);
        // the caller's key (its budget, team and tier ceiling) and routing hints apply to every line
        RequestContext caller = Contexts.of(req.headers(), Optional.empty());
        if (who instanceof Caller.Key k) {
            caller = caller.forKey(k.key().id(), k.team().map(t -> t.name()), k.key().tierCeiling());
        }
        String hints = JobHints.write(caller);
        jobs.createBatch(input, required(body, "endpoint"), required(body, "completion_window"), metadata, webhook,
                hints, caller.keyId())
                .ifPresentOrElse(b -> json(res, 200, batch(b)),
                        () -> Responses.sendError(res, ErrorMapper.noSuch("file", input)));
    }

    /** {@code x-ladder-webhook-url}: an absolute http(s) URL, or a 400. */
    static Optional<String> webhookUrl(ServerRequest req) {
        Optional<String> v = req.headers().first(LadderHeaders.WEBHOOK_URL).map(String::strip).filter(s -> !s.isEmpty());
        if (v.isPresent()) {
            try {
                java.net.URI u = new java.net.URI(v.get());
                if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                    return v;
                }
            } catch (java.net.URISyntaxException e) {
                // reported below
            }
            throw LadderException.badRequest("Invalid value for header x-ladder-webhook-url: expected an absolute "
                    + "http:// or https:// URL.", "x-ladder-webhook-url");
        }
        return v;
    }

    private void batch(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        jobs.batch(id).ifPresentOrElse(b -> json(res, 200, batch(b)),
                () -> Responses.sendError(res, ErrorMapper.noSuch("batch", id)));
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        jobs.cancel(id).ifPresentOrElse(b -> json(res, 200, batch(b)),
                () -> Responses.sendError(res, ErrorMapper.noSuch("batch", id)));
    }

    private void listBatches(ServerRequest req, ServerResponse res) {
        int limit = req.query().first("limit").asOptional().map(JobsHandlers::limit).orElse(DEFAULT_LIST_LIMIT);
        Optional<String> after = req.query().first("after").asOptional().filter(s -> !s.isBlank());
        List<Batch> page = jobs.batches(after, limit + 1);
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        page.stream().limit(limit).forEach(b -> data.add(batch(b)));
        root.put("first_id", page.isEmpty() ? null : page.getFirst().id());
        root.put("last_id", page.isEmpty() ? null : page.get(Math.min(limit, page.size()) - 1).id());
        root.put("has_more", page.size() > limit);
        json(res, 200, root);
    }

    private static int limit(String s) {
        try {
            int n = Integer.parseInt(s.strip());
            if (n >= 1 && n <= MAX_LIST_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw LadderException.badRequest("Invalid limit '" + s + "': a whole number from 1 to " + MAX_LIST_LIMIT + ".",
                "limit");
    }

    private void job(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        jobs.job(id).ifPresentOrElse(j -> json(res, 200, job(j)),
                () -> Responses.sendError(res, ErrorMapper.noSuch("job", id)));
    }

    /** The answer to a queued request: 202 with the job. */
    static ObjectNode job(Job j) {
        ObjectNode n = Json.object();
        n.put("id", j.id());
        n.put("object", "ladder.job");
        n.put("status", j.state().wireName());
        n.put("created_at", j.createdAt().getEpochSecond());
        n.put("attempts", j.attempts());
        j.finishedAt().ifPresent(t -> n.put("finished_at", t.getEpochSecond()));
        j.result().ifPresent(r -> {
            ObjectNode response = n.putObject("response");
            response.put("status_code", r.statusCode());
            response.put("request_id", r.requestId());
            response.set("body", parseOrText(r.body()));
            n.put("cost_usd", r.costUsd());
            r.tier().ifPresent(t -> n.put("tier", t));
        });
        return n;
    }

    static ObjectNode file(StoredFile f) {
        ObjectNode n = Json.object();
        n.put("id", f.id());
        n.put("object", "file");
        n.put("bytes", f.bytes());
        n.put("created_at", f.createdAt().getEpochSecond());
        n.put("filename", f.filename());
        n.put("purpose", f.purpose());
        n.put("status", "processed");
        n.putNull("expires_at");
        n.putNull("status_details");
        return n;
    }

    static ObjectNode batch(Batch b) {
        ObjectNode n = Json.object();
        n.put("id", b.id());
        n.put("object", "batch");
        n.put("endpoint", b.endpoint());
        n.putNull("errors");
        n.put("input_file_id", b.inputFileId());
        n.put("completion_window", b.completionWindow());
        n.put("status", b.status().wireName());
        n.put("output_file_id", b.outputFileId().orElse(null));
        n.put("error_file_id", b.errorFileId().orElse(null));
        n.put("created_at", b.createdAt().getEpochSecond());
        n.put("expires_at", b.expiresAt().getEpochSecond());
        for (BatchStatus s : List.of(BatchStatus.IN_PROGRESS, BatchStatus.FINALIZING, BatchStatus.COMPLETED,
                BatchStatus.FAILED, BatchStatus.EXPIRED, BatchStatus.CANCELLING, BatchStatus.CANCELLED)) {
            Instant t = b.transitions().get(s);
            if (t == null) {
                n.putNull(s.wireName() + "_at");
            } else {
                n.put(s.wireName() + "_at", t.getEpochSecond());
            }
        }
        ObjectNode counts = n.putObject("request_counts");
        counts.put("total", b.counts().total());
        counts.put("completed", b.counts().completed());
        counts.put("failed", b.counts().failed());
        ObjectNode metadata = n.putObject("metadata");
        b.metadata().forEach(metadata::put);
        return n;
    }

    static JsonNode parseOrText(String body) {
        try {
            return Json.read(body);
        } catch (JsonProcessingException e) {
            return Json.NODES.textNode(body);
        }
    }

    private JsonNode jsonBody(ServerRequest req) {
        byte[] body = ChatCompletionsHandler.readBody(req, maxBodyBytes);
        try {
            JsonNode n = Json.read(new String(body, StandardCharsets.UTF_8));
            if (n.isObject()) {
                return n;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw LadderException.badRequest("We could not parse the JSON body of your request.", null);
    }

    private static String required(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw LadderException.badRequest("Missing required parameter: '" + field + "'.", field);
        }
        return v.asText();
    }

    private static void json(ServerResponse res, int status, ObjectNode body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.status(status).send(Json.writeBytes(body));
    }
}
