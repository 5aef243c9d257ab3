package dev.ladder.jobs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.LadderException;
import dev.ladder.webhooks.Outbox;
import dev.ladder.webhooks.OutboxEvent;
import dev.ladder.wire.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the HTTP edge and the CLI ask of the queue: upload a batch input file, create, read, list and cancel
 * batches, submit a single async request and read its job. Input files are checked line by line when a batch is
 * created: a line that is not a request to the batch's endpoint with a unique {@code custom_id} is a 400 naming
 * the line; a request that the gateway later refuses (say, a parameter out of range) is a per-line error in the
 * error file, and does not fail the batch.
 */
public final class JobService {

    public static final String CHAT_ENDPOINT = "/v1/chat/completions";
    public static final String BATCH_PURPOSE = "batch";
    /** The longest completion window a batch may ask for. */
    static final Duration MAX_WINDOW = Duration.ofDays(7);
    private static final Pattern WINDOW = Pattern.compile("([1-9][0-9]{0,5})([smhd])");
    private static final int MAX_METADATA = 16;

    private final JobStore store;
    private final Outbox outbox;
    private final InstantSource clock;

    public JobService(JobStore store, Outbox outbox, InstantSource clock) {
        this.store = requireNonNull(store, "store is null");
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public StoredFile upload(String filename, String purpose, byte[] content) {
        if (!BATCH_PURPOSE.equals(purpose)) {
            throw LadderException.badRequest("Invalid purpose '" + purpose + "'. Ladder stores files for 'batch' only.",
                    "purpose");
        }
        StoredFile f = new StoredFile("file-" + id(), purpose, filename, clock.instant(), content);
        store.putFile(f);
        return f;
    }

    public Optional<StoredFile> file(String id) {
        return store.file(id);
    }

    /**
     * Creates a batch from the uploaded file {@code inputFileId}; empty when there is no such file.
     *
     * @throws LadderException (400) naming the parameter or the file's line that is wrong
     */
    public Optional<Batch> createBatch(String inputFileId, String endpoint, String completionWindow,
            Map<String, String> metadata, Optional<String> webhookUrl) {
        return createBatch(inputFileId, endpoint, completionWindow, metadata, webhookUrl, "{}", Optional.empty());
    }

    /**
     * As above, every line run with the caller's {@code hints} (its key, feature, routing hints; JSON) and counted
     * against the concurrency of its key {@code keyId}.
     */
    public Optional<Batch> createBatch(String inputFileId, String endpoint, String completionWindow,
            Map<String, String> metadata, Optional<String> webhookUrl, String hints, Optional<String> keyId) {
        if (!CHAT_ENDPOINT.equals(endpoint)) {
            throw LadderException.badRequest("Invalid endpoint '" + endpoint + "'. Ladder runs batches of "
                    + CHAT_ENDPOINT + ".", "endpoint");
        }
        Duration window = window(completionWindow);
        if (metadata.size() > MAX_METADATA) {
            throw LadderException.badRequest("metadata has more than " + MAX_METADATA + " keys.", "metadata");
        }
        Optional<StoredFile> file = store.file(inputFileId);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        if (!BATCH_PURPOSE.equals(file.get().purpose())) {
            throw LadderException.badRequest("File " + inputFileId + " has purpose '" + file.get().purpose()
                    + "', not 'batch'.", "input_file_id");
        }
        Instant now = clock.instant();
        String batchId = "batch_" + id();
        List<Job> jobs = jobs(batchId, file.get(), endpoint, hints, keyId, now);
        Batch b = new Batch(batchId, inputFileId, endpoint, completionWindow, BatchStatus.IN_PROGRESS, now,
                now.plus(window), Map.of(BatchStatus.IN_PROGRESS, now), Optional.empty(), Optional.empty(), metadata,
                new Batch.Counts(jobs.size(), 0, 0), webhookUrl);
        store.putBatch(b, jobs);
        return Optional.of(b);
    }

    private static List<Job> jobs(String batchId, StoredFile file, String endpoint, String hints,
            Optional<String> keyId, Instant now) {
        List<String> lines = BatchFiles.lines(file.content());
        if (lines.isEmpty()) {
            throw LadderException.badRequest("File " + file.id() + " has no requests.", "input_file_id");
        }
        Set<String> seen = new HashSet<>();
        List<Job> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = parseLine(lines.get(i), i + 1);
            String customId = line.path("custom_id").asText("");
            String where = "Line " + (i + 1) + " of " + file.id();
            if (customId.isEmpty()) {
                throw LadderException.badRequest(where + " has no custom_id.", "input_file_id");
            }
            if (!seen.add(customId)) {
                throw LadderException.badRequest(where + " repeats the custom_id '" + customId + "'.", "input_file_id");
            }
            if (!line.path("method").asText("POST").equals("POST") || !line.path("url").asText("").equals(endpoint)) {
                throw LadderException.badRequest(where + " is not a POST to " + endpoint + ".", "input_file_id");
            }
            if (!line.path("body").isObject()) {
                throw LadderException.badRequest(where + " has no JSON object as its body.", "input_file_id");
            }
            out.add(Job.queued(batchId.substring("batch_".length()) + "_" + (i + 1), Optional.of(batchId), i + 1,
                    Optional.of(customId), 0, Json.write(line.path("body")), hints, keyId, Optional.empty(),
                    now));
        }
        return out;
    }

    private static JsonNode parseLine(String text, int number) {
        try {
            JsonNode n = Json.read(text);
            if (n.isObject()) {
                return n;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw LadderException.badRequest("Line " + number + " of the input file is not a JSON object.",
                "input_file_id");
    }

    /** {@code 24h} (OpenAI's only value), or any whole number of s, m, h or d up to 7 days. */
    static Duration window(String text) {
        Matcher m = WINDOW.matcher(text == null ? "" : text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (d.compareTo(MAX_WINDOW) <= 0) {
                return d;
            }
        }
        throw LadderException.badRequest("Invalid completion_window '" + text + "'. Use '24h' (or any whole number of "
                + "s, m, h or d up to 7d).", "completion_window");
    }

    public Optional<Batch> batch(String id) {
        return store.batch(id);
    }

    public List<Batch> batches(Optional<String> after, int limit) {
        return store.batches(after, limit);
    }

    /** Cancels a batch: queued requests are not run, running ones finish; empty when there is no such batch. */
    public Optional<Batch> cancel(String id) {
        store.cancelBatch(id, clock.instant());
        return store.batch(id);
    }

    /**
     * Queues one request (its body and the caller's hints as JSON; {@code keyId} the caller's key) to run as soon
     * as a worker is free.
     */
    public Job submit(String body, String hints, Optional<String> keyId, Optional<String> webhookUrl, int priority) {
        Job j = Job.queued("job_" + id(), Optional.empty(), 0, Optional.empty(), priority, body, hints, keyId,
                webhookUrl, clock.instant());
        store.putJob(j);
        return j;
    }

    public Optional<Job> job(String id) {
        return store.job(id);
    }

    /** The finisher the workers use: files and final status, and the batch's event. */
    JobStore.Finalized finalize(Batch b, List<Job> jobs) {
        Instant now = clock.instant();
        BatchFiles.Summary s = BatchFiles.finish(b, jobs, now, "file-" + id(), "file-" + id());
        List<StoredFile> files = new ArrayList<>();
        s.output().ifPresent(files::add);
        s.errors().ifPresent(files::add);
        Batch done = s.batch();
        ObjectNode data = Json.object();
        data.put("id", done.id());
        data.put("status", done.status().wireName());
        done.outputFileId().ifPresent(f -> data.put("output_file_id", f));
        done.errorFileId().ifPresent(f -> data.put("error_file_id", f));
        List<OutboxEvent> events = outbox.event("batch." + done.status().wireName(), Json.write(data),
                done.webhookUrl()).stream().toList();
        return new JobStore.Finalized(done, files, events);
    }

    /** The event of a single job that finished (batch lines have their batch's event instead). */
    List<OutboxEvent> jobEvents(Job job, JobState state, JobResult result) {
        if (job.batchId().isPresent()) {
            return List.of();
        }
        ObjectNode data = Json.object();
        data.put("id", job.id());
        data.put("status", state.wireName());
        data.put("status_code", result.statusCode());
        data.set("result", BatchFiles.parse(result.body()));
        String type = state == JobState.SUCCEEDED ? "job.completed" : "job.failed";
        return outbox.event(type, Json.write(data), job.webhookUrl()).stream().toList();
    }

    private static String id() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
