package dev.ladder.providers.gemini;

import static dev.ladder.providers.TestCalls.API_KEY;
import static dev.ladder.providers.TestCalls.call;
import static dev.ladder.providers.TestCalls.config;
import static dev.ladder.providers.TestCalls.failureOf;
import static dev.ladder.providers.TestCalls.hello;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Failure;
import dev.ladder.model.Usage;
import dev.ladder.providers.FakeText;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.providers.ProviderKind;
import dev.ladder.providers.RecordedRequest;
import dev.ladder.providers.Secret;
import dev.ladder.wire.StreamAssembler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gemini's native API over real HTTP against {@link FakeGeminiServer}. */
class GeminiProviderTest {

    private static final String MODEL = "gemini-2.5-flash";
    private static final String TEXT = "Hello from a fake Gemini that answers in pieces.";
    private static final String TOOLS = """
            {"model":"x","messages":[{"role":"system","content":"Be brief."},
              {"role":"user","content":"Weather in Paris?"}],
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],
             "tool_choice":"required"}""";
    private static final String TOOL_RESULT = """
            {"model":"x","messages":[{"role":"user","content":"Weather in Paris?"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_0","type":"function",
                "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
              {"role":"tool","tool_call_id":"call_0","content":"{\\"celsius\\":18}"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
               "properties":{"city":{"type":"string"}}}}}]}""";

    private FakeGeminiServer fake;
    private GeminiProvider provider;

    @BeforeEach
    void start() {
        fake = FakeGeminiServer.start(API_KEY);
        fake.answer(MODEL, TEXT, 11, 9);
        fake.functionCall("gemini-tools", "get_weather", "{\"city\":\"Paris\"}", 40, 6);
        provider = new GeminiProvider(config("gemini", ProviderKind.GEMINI, fake.baseUrl()));
    }

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
    }

    @Test
    void completePostsGenerateContentWithTheKeyInAHeaderAndReadsTextAndUsage() {
        ChatResponse r = provider.complete(call("""
                {"model":"x","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello"}],
                 "max_tokens":50,"temperature":0.2,"stop":["END"]}""", "gemini", MODEL, Duration.ofSeconds(5)));

        assertThat(r.text()).isEqualTo(TEXT);
        assertThat(r.usage()).contains(new Usage(11, 9));
        assertThat(r.finishReason()).contains("stop");
        assertThat(r.model()).isEqualTo(MODEL + "-001");
        RecordedRequest sent = fake.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1beta/models/" + MODEL + ":generateContent");
        assertThat(sent.query()).isEmpty();
        assertThat(sent.header("x-goog-api-key")).contains(API_KEY);
        JsonNode body = sent.json();
        assertThat(body.path("systemInstruction").path("parts").get(0).path("text").asText()).isEqualTo("Be brief.");
        assertThat(body.path("contents")).hasSize(1);
        assertThat(body.path("contents").get(0).path("role").asText()).isEqualTo("user");
        assertThat(body.path("contents").get(0).path("parts").get(0).path("text").asText()).isEqualTo("Say hello");
        assertThat(body.path("generationConfig").path("maxOutputTokens").asInt()).isEqualTo(50);
        assertThat(body.path("generationConfig").path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("generationConfig").path("stopSequences").get(0).asText()).isEqualTo("END");
    }

    @Test
    void aStreamOverAltSseYieldsThePiecesThenTheFinishAndTheUsageAndEndsWithoutAnEndEvent() {
        List<String> contents = new ArrayList<>();
        StreamAssembler assembler = new StreamAssembler();
        try (ChunkStream stream = provider.stream(hello("gemini", MODEL, true))) {
            for (Optional<ChatChunk> c = stream.next(); c.isPresent(); c = stream.next()) {
                assembler.add(c.get());
                c.get().choices().stream().map(ChatChunk.Delta::content).filter(s -> s != null).forEach(contents::add);
            }
        }

        assertThat(contents).containsExactlyElementsOf(FakeText.pieces(TEXT));
        assertThat(assembler.usage()).contains(new Usage(11, 9));
        assertThat(assembler.toResponse().finishReason()).contains("stop");
        assertThat(fake.lastRequest().path()).isEqualTo("/v1beta/models/" + MODEL + ":streamGenerateContent");
        assertThat(fake.lastRequest().query()).isEqualTo("alt=sse");
    }

    @Test
    void toolsBecomeFunctionDeclarationsAndAFunctionCallComesBackAsAToolCall() {
        ChatResponse r = provider.complete(call(TOOLS, "gemini", "gemini-tools", Duration.ofSeconds(5)));

        JsonNode sent = fake.lastRequest().json();
        JsonNode declaration = sent.path("tools").get(0).path("functionDeclarations").get(0);
        assertThat(declaration.path("name").asText()).isEqualTo("get_weather");
        assertThat(declaration.path("description").asText()).isEqualTo("Current weather");
        assertThat(declaration.path("parametersJsonSchema").path("required").get(0).asText()).isEqualTo("city");
        assertThat(sent.path("toolConfig").path("functionCallingConfig").path("mode").asText()).isEqualTo("ANY");
        assertThat(r.finishReason()).contains("tool_calls");
        assertThat(r.choices().getFirst().content()).isNull();
        JsonNode call = r.choices().getFirst().toolCalls().get(0);
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(call.path("id").asText()).isNotBlank();
        assertThat(r.usage()).contains(new Usage(40, 6));
    }

    @Test
    void aStreamedFunctionCallIsOneToolCallDeltaWithIndexIdNameAndArguments() {
        StreamAssembler assembler = new StreamAssembler();
        try (ChunkStream stream = provider.stream(call(TOOLS.replace("\"model\":\"x\"", "\"model\":\"x\",\"stream\":true"),
                "gemini", "gemini-tools", Duration.ofSeconds(5)))) {
            for (Optional<ChatChunk> c = stream.next(); c.isPresent(); c = stream.next()) {
                assembler.add(c.get());
            }
        }

        ChatResponse r = assembler.toResponse();
        assertThat(r.finishReason()).contains("tool_calls");
        assertThat(r.choices().getFirst().toolCalls().get(0).path("function").path("arguments").asText())
                .isEqualTo("{\"city\":\"Paris\"}");
        assertThat(assembler.usage()).contains(new Usage(40, 6));
    }

    @Test
    void aToolResultGoesUpAsAFunctionResponseNamedAfterTheCallItAnswers() {
        ChatResponse r = provider.complete(call(TOOL_RESULT, "gemini", "gemini-tools", Duration.ofSeconds(5)));

        assertThat(r.text()).isEqualTo(FakeGeminiServer.FUNCTION_RESULT_ANSWER);
        JsonNode contents = fake.lastRequest().json().path("contents");
        assertThat(contents).hasSize(3);
        assertThat(contents.get(1).path("role").asText()).isEqualTo("model");
        assertThat(contents.get(1).path("parts").get(0).path("functionCall").path("args").path("city").asText())
                .isEqualTo("Paris");
        JsonNode response = contents.get(2).path("parts").get(0).path("functionResponse");
        assertThat(response.path("name").asText()).isEqualTo("get_weather");
        assertThat(response.path("response").path("celsius").asInt()).isEqualTo(18);
    }

    @Test
    void aWrongKeyIsAnAuthFailureThoughGoogleAnswers400() {
        ProviderConfig wrong = new ProviderConfig("gemini", ProviderKind.GEMINI, Optional.of(fake.baseUrl()),
                Optional.of(new Secret("wrong")), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(5),
                Map.of(), Map.of());
        try (GeminiProvider p = new GeminiProvider(wrong)) {
            Failure f = failureOf(() -> p.complete(hello("gemini", MODEL, false)));
            Failure s = failureOf(() -> p.stream(hello("gemini", MODEL, true)));

            assertThat(f).isInstanceOfSatisfying(Failure.UpstreamAuth.class,
                    a -> assertThat(a.message()).contains("API key not valid"));
            assertThat(s).isInstanceOf(Failure.UpstreamAuth.class);
        }
    }

    @Test
    void anUnknownModelIsRejectedWithGooglesStatus() {
        Failure f = failureOf(() -> provider.complete(hello("gemini", "gemini-9", false)));

        assertThat(f).isInstanceOfSatisfying(Failure.UpstreamRejected.class, r -> {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.type()).isEqualTo("not_found");
        });
    }

    @Test
    void resourceExhaustedIsRateLimitedAndAnErrorMidStreamFailsWithItsCode() {
        fake.script("busy", (req, out) -> out.header("Retry-After", "5")
                .json(429, FakeGeminiServer.error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted")));
        fake.script("dies", (req, out) -> {
            out.startEvents();
            out.raw("data: " + FakeGeminiServer.response("dies", List.of(FakeGeminiServer.textPart("Hel")), null, 3, 1)
                    + "\r\n\r\n");
            out.raw("data: " + FakeGeminiServer.error(503, "UNAVAILABLE", "The model is overloaded.") + "\r\n\r\n");
        });

        assertThat(failureOf(() -> provider.complete(hello("gemini", "busy", false))))
                .isInstanceOfSatisfying(Failure.RateLimited.class,
                        r -> assertThat(r.retryAfter()).contains(Duration.ofSeconds(5)));
        try (ChunkStream stream = provider.stream(hello("gemini", "dies", true))) {
            assertThat(stream.next()).isPresent();
            assertThat(failureOf(stream::next)).isInstanceOfSatisfying(Failure.UpstreamError.class,
                    e -> assertThat(e.status()).isEqualTo(503));
        }
    }

    @Test
    void aStreamCutBeforeTheFinishReasonIsAFailureNotACleanEnd() {
        fake.script("cut", (req, out) -> {
            out.startEvents();
            out.raw("data: " + FakeGeminiServer.response("cut", List.of(FakeGeminiServer.textPart("Hel")), null, 3, 1)
                    + "\r\n\r\n");
        });

        try (ChunkStream stream = provider.stream(hello("gemini", "cut", true))) {
            assertThat(stream.next()).isPresent();
            assertThat(failureOf(stream::next)).isInstanceOf(Failure.UpstreamUnreachable.class);
        }
    }

    @Test
    void safetyStopsAreContentFilterAndMaxTokensIsLength() {
        fake.script("safe", (req, out) -> out.json(200, FakeGeminiServer.response("safe", List.of(), "SAFETY", 5, 0)));
        fake.script("long", (req, out) -> out.json(200,
                FakeGeminiServer.response("long", List.of(FakeGeminiServer.textPart("and so")), "MAX_TOKENS", 5, 2)));

        assertThat(provider.complete(hello("gemini", "safe", false)).finishReason()).contains("content_filter");
        assertThat(provider.complete(hello("gemini", "long", false)).finishReason()).contains("length");
    }
}
