package dev.ladder.validate;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.wire.Json;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks that the answer is the JSON the request asked for. Where the schema comes from, first match wins:
 * <ol>
 *   <li>{@code response_format: {type: json_schema, json_schema: {schema: ...}}} in the request;</li>
 *   <li>{@code response_format: {type: json_object}}: any JSON object;</li>
 *   <li>the route's configured schema, when there is one;</li>
 *   <li>otherwise the request asked for no JSON: not applicable.</li>
 * </ol>
 * Schemas without {@code $schema} are read as draft 2020-12 (what OpenAI's structured outputs use); drafts 4
 * to 2019-09 work when named. Remote {@code $ref}s are never fetched: a request cannot make the gateway open
 * connections. Errors name the JSON path of the offending value ({@code $.items[2].price}). A failure here is
 * always hard ({@link Reason#SCHEMA}): a client that asked for JSON cannot use anything else.
 */
public final class JsonSchemaValidator implements Validator {

    /** At most this many schema errors are listed in a message; the rest are counted. */
    static final int MAX_LISTED_ERRORS = 5;
    /** Compiled request schemas kept; the cache is emptied when full (requests of one app reuse few schemas). */
    static final int SCHEMA_CACHE_SIZE = 256;
    /** Score of a valid answer that came wrapped in a Markdown fence. */
    static final double FENCED_SCORE = 0.9;

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaLoader(l -> l.fetchRemoteResources(false))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH).build()));

    private final Optional<Schema> configured;
    private final ConcurrentHashMap<JsonNode, Schema> cache = new ConcurrentHashMap<>();

    /** A validator that uses only the request's response format. */
    public JsonSchemaValidator() {
        this.configured = Optional.empty();
    }

    /** A validator that falls back to {@code schema} when the request names no response format. */
    public JsonSchemaValidator(JsonNode schema) {
        this.configured = Optional.of(compile(requireNonNull(schema, "schema is null")));
    }

    /**
     * Compiles {@code schema}, throwing {@link IllegalArgumentException} with the library's reason when it is
     * not a usable JSON Schema (config loading reports that at the schema's path).
     */
    static Schema compile(JsonNode schema) {
        if (!schema.isObject() && !schema.isBoolean()) {
            throw new IllegalArgumentException("not a usable JSON Schema: it must be an object or a boolean");
        }
        try {
            Schema compiled = REGISTRY.getSchema(schema);
            compiled.initializeValidators();
            return compiled;
        } catch (SchemaException | IllegalStateException e) {
            throw new IllegalArgumentException("not a usable JSON Schema: " + e.getMessage(), e);
        }
    }

    @Override
    public Verdict validate(ChatRequest request, ChatResponse response) {
        JsonNode format = request.body().path("response_format");
        String type = format.path("type").asText("");
        return switch (type) {
            case "json_schema" -> {
                try {
                    yield check(response, requestSchema(format.path("json_schema")), "the requested schema");
                } catch (IllegalArgumentException e) {
                    yield anyJson(response, "the request's schema is unusable (" + e.getMessage()
                            + "), so only JSON syntax was checked");
                }
            }
            case "json_object" -> objectOnly(response, "json_object requested");
            default -> configured.map(s -> check(response, s, "the route's schema"))
                    .orElseGet(() -> new Verdict.NotApplicable("the request asked for no JSON"));
        };
    }

    /** The request's compiled schema; throws {@link IllegalArgumentException} when it has none usable. */
    private Schema requestSchema(JsonNode jsonSchema) {
        JsonNode schema = jsonSchema.path("schema");
        if (!schema.isObject()) {
            throw new IllegalArgumentException("json_schema.schema is not an object");
        }
        if (cache.size() >= SCHEMA_CACHE_SIZE) {
            cache.clear();
        }
        return cache.computeIfAbsent(schema.deepCopy(), JsonSchemaValidator::compile);
    }

    private static Verdict anyJson(ChatResponse response, String why) {
        return switch (parse(response)) {
            case Parsed.Bad bad -> fail(bad.message());
            case Parsed.Ok ok -> pass(ok, why);
        };
    }

    private static Verdict objectOnly(ChatResponse response, String why) {
        return switch (parse(response)) {
            case Parsed.Bad bad -> fail(bad.message());
            case Parsed.Ok ok when !ok.value().isObject() ->
                    fail("your answer was valid JSON but not a JSON object; answer with one JSON object");
            case Parsed.Ok ok -> pass(ok, why);
        };
    }

    private static Verdict check(ChatResponse response, Schema schema, String which) {
        return switch (parse(response)) {
            case Parsed.Bad bad -> fail(bad.message());
            case Parsed.Ok ok -> {
                List<Error> errors = schema.validate(ok.value());
                if (errors.isEmpty()) {
                    yield pass(ok, "matches " + which);
                }
                String listed = errors.stream().limit(MAX_LISTED_ERRORS).map(JsonSchemaValidator::describe)
                        .collect(Collectors.joining("; "));
                String more = errors.size() > MAX_LISTED_ERRORS
                        ? " (and " + (errors.size() - MAX_LISTED_ERRORS) + " more)" : "";
                yield fail("your answer was not valid JSON for this schema: " + listed + more);
            }
        };
    }

    private static String describe(Error e) {
        String message = e.getMessage();
        String path = e.getInstanceLocation() == null ? "$" : e.getInstanceLocation().toString();
        return message.startsWith(path) ? message : path + ": " + message;
    }

    private static Verdict pass(Parsed.Ok answer, String details) {
        return answer.fenced()
                ? new Verdict.Pass(FENCED_SCORE, details + "; the JSON was wrapped in a ``` fence, which was removed")
                : new Verdict.Pass(1.0, details);
    }

    private static String syntax(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String message = e.getOriginalMessage();
        int cut = message.indexOf('\n');
        return (cut < 0 ? message : message.substring(0, cut)) + where;
    }

    private static Verdict fail(String message) {
        return new Verdict.Fail(Reason.SCHEMA, 0.0, message);
    }

    private static Parsed parse(ChatResponse response) {
        JsonAnswer answer = JsonAnswer.of(response.text());
        if (answer.json().isEmpty()) {
            return new Parsed.Bad("your answer was empty; answer with JSON only");
        }
        try {
            return new Parsed.Ok(Json.read(answer.json()), answer.fenced());
        } catch (JsonProcessingException e) {
            return new Parsed.Bad("your answer was not valid JSON: " + syntax(e)
                    + "; answer with JSON only, no prose or Markdown");
        }
    }

    private sealed interface Parsed {
        record Ok(JsonNode value, boolean fenced) implements Parsed {
        }

        record Bad(String message) implements Parsed {
        }
    }
}
