package dev.ladder.providers.azure;

import static dev.ladder.providers.TestCalls.API_KEY;
import static dev.ladder.providers.TestCalls.call;
import static dev.ladder.providers.TestCalls.config;
import static dev.ladder.providers.TestCalls.failureOf;
import static dev.ladder.providers.TestCalls.hello;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Failure;
import dev.ladder.model.Usage;
import dev.ladder.pipeline.Provider;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.providers.ProviderKind;
import dev.ladder.providers.RecordedRequest;
import dev.ladder.providers.Secret;
import dev.ladder.wire.StreamAssembler;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Azure OpenAI over real HTTP against {@link FakeAzureServer}: URLs, api-version, api-key, streams, tools, errors. */
class AzureOpenAiTest {

    private static final String DEPLOYMENT = "gpt4o-westeurope";
    private static final String TEXT = "Bonjour from a deployment in West Europe.";
    private static final String TOOLS = """
            {"model":"x","messages":[{"role":"user","content":"Weather in Paris?"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
               "properties":{"city":{"type":"string"}}}}}]}""";

    private FakeAzureServer fake;
    private Provider provider;

    @BeforeEach
    void start() {
        fake = FakeAzureServer.start(API_KEY);
        fake.answer(DEPLOYMENT, TEXT, 14, 10);
        fake.toolCall("gpt4o-tools", "call_az1", "get_weather", "{\"city\":\"Paris\"}", 30, 12);
        provider = AzureOpenAi.create(config("azure", ProviderKind.AZURE, fake.baseUrl("2024-06-01")));
    }

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
    }

    @Test
    void completeCallsTheDeploymentUrlWithTheApiVersionOfTheBaseUrlAndTheApiKeyHeader() {
        ChatResponse r = provider.complete(hello("azure", DEPLOYMENT, false));

        assertThat(r.text()).isEqualTo(TEXT);
        assertThat(r.usage()).contains(new Usage(14, 10));
        RecordedRequest sent = fake.lastRequest();
        assertThat(sent.path()).isEqualTo("/openai/deployments/" + DEPLOYMENT + "/chat/completions");
        assertThat(sent.query()).isEqualTo("api-version=2024-06-01");
        assertThat(sent.header("api-key")).contains(API_KEY);
        assertThat(sent.header("Authorization")).isEmpty();
    }

    @Test
    void withoutAnApiVersionInTheBaseUrlTheDefaultVersionIsSent() {
        try (Provider p = AzureOpenAi.create(config("azure", ProviderKind.AZURE, URI.create(fake.origin() + "/openai")))) {
            assertThat(p.complete(hello("azure", DEPLOYMENT, false)).text()).isEqualTo(TEXT);
        }

        assertThat(fake.lastRequest().path()).isEqualTo("/openai/deployments/" + DEPLOYMENT + "/chat/completions");
        assertThat(fake.lastRequest().query()).isEqualTo("api-version=" + AzureOpenAi.DEFAULT_API_VERSION);
    }

    @Test
    void aStreamSkipsAzuresPromptFilterChunkAndEndsWithTheSameTextAndTheUsage() {
        StreamAssembler assembler = new StreamAssembler();
        try (ChunkStream stream = provider.stream(hello("azure", DEPLOYMENT, true))) {
            for (Optional<ChatChunk> c = stream.next(); c.isPresent(); c = stream.next()) {
                assembler.add(c.get());
            }
        }

        assertThat(assembler.text()).isEqualTo(TEXT);
        assertThat(assembler.usage()).contains(new Usage(14, 10));
        assertThat(assembler.toResponse().finishReason()).contains("stop");
        assertThat(fake.lastRequest().query()).isEqualTo("api-version=2024-06-01");
    }

    @Test
    void toolsGoUpUnchangedAndToolCallsComeBackWholeAndStreamed() {
        ChatResponse whole = provider.complete(call(TOOLS, "azure", "gpt4o-tools", Duration.ofSeconds(5)));
        StreamAssembler assembler = new StreamAssembler();
        try (ChunkStream stream = provider.stream(call(TOOLS, "azure", "gpt4o-tools", Duration.ofSeconds(5)))) {
            for (Optional<ChatChunk> c = stream.next(); c.isPresent(); c = stream.next()) {
                assembler.add(c.get());
            }
        }

        assertThat(fake.lastRequest().json().path("tools").get(0).path("function").path("name").asText())
                .isEqualTo("get_weather");
        for (ChatResponse r : new ChatResponse[] {whole, assembler.toResponse()}) {
            assertThat(r.finishReason()).contains("tool_calls");
            assertThat(r.choices().getFirst().toolCalls().get(0).path("function").path("arguments").asText())
                    .isEqualTo("{\"city\":\"Paris\"}");
        }
        assertThat(whole.usage()).contains(new Usage(30, 12));
    }

    @Test
    void aWrongKeyIsAnAuthFailureNamingTheProviderWithoutTheKey() {
        ProviderConfig wrongKey = new ProviderConfig("azure", ProviderKind.AZURE, Optional.of(fake.baseUrl("2024-06-01")),
                Optional.of(new Secret("wrong-key")), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(5),
                Map.of(), Map.of());
        try (Provider p = AzureOpenAi.create(wrongKey)) {
            Failure f = failureOf(() -> p.complete(hello("azure", DEPLOYMENT, false)));

            assertThat(f).isInstanceOfSatisfying(Failure.UpstreamAuth.class, a -> {
                assertThat(a.status()).isEqualTo(401);
                assertThat(a.message()).contains("Access denied");
            });
        }
    }

    @Test
    void anUnknownDeploymentIsRejectedWithAzuresCode() {
        Failure f = failureOf(() -> provider.complete(hello("azure", "no-such-deployment", false)));

        assertThat(f).isInstanceOfSatisfying(Failure.UpstreamRejected.class, r -> {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.type()).isEqualTo("DeploymentNotFound");
        });
    }

    @Test
    void a429WithRetryAfterIsRateLimited() {
        fake.script("busy", (req, out) -> out.header("Retry-After", "3").json(429,
                "{\"error\":{\"code\":\"429\",\"message\":\"Requests to the ChatCompletions_Create Operation have exceeded "
                        + "call rate limit.\"}}"));

        Failure f = failureOf(() -> provider.complete(hello("azure", "busy", false)));

        assertThat(f).isInstanceOfSatisfying(Failure.RateLimited.class,
                r -> assertThat(r.retryAfter()).contains(Duration.ofSeconds(3)));
    }

    @Test
    void aDeploymentNameIsEscapedInThePath() {
        assertThat(new AzureOpenAi.Deployments("2024-06-01").path("my deployment"))
                .isEqualTo("/openai/deployments/my%20deployment/chat/completions?api-version=2024-06-01");
        assertThat(AzureOpenAi.resourceRoot(URI.create("https://res.openai.azure.com/openai?api-version=2024-06-01")))
                .isEqualTo(URI.create("https://res.openai.azure.com"));
    }
}
