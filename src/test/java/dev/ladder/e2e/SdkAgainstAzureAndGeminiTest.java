package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.ladder.e2e.SdkAgainstUpstreamsTest.Observed;
import dev.ladder.providers.azure.FakeAzureServer;
import dev.ladder.providers.gemini.FakeGeminiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: the official OpenAI Java SDK through the gateway to a fake Azure OpenAI resource and a fake Gemini
 * API, over real HTTP: create and stream with usage, and a tool call, whole and streamed, with its result sent
 * back.
 */
class SdkAgainstAzureAndGeminiTest {

    static final String ANSWER = "Natalia sold 48/2 = 24 clips in May. Altogether she sold 48+24 = 72 clips. #### 72";
    static final String ARGUMENTS = "{\"city\":\"Paris\"}";

    @TempDir
    Path dataDir;

    @Test
    void throughAFakeGeminiUpstream() {
        try (FakeGeminiServer upstream = FakeGeminiServer.start("g-secret")) {
            upstream.answer("gemini-2.5-flash", ANSWER, 33, 28);
            String yaml = """
                    providers:
                      gm: {kind: gemini, base_url: "%s", api_key: "${GEMINI_API_KEY}"}
                    models:
                      flash: {provider: gm, model: gemini-2.5-flash, price: {input: 0.3, output: 2.5}}
                    tiers: {simple: [flash], medium: [flash], complex: [flash]}
                    """.formatted(upstream.baseUrl());
            try (TestGateway gw = TestGateway.start(yaml, dataDir, Map.of("GEMINI_API_KEY", "g-secret"))) {
                Observed o = SdkAgainstUpstreamsTest.createAndStream(gw, "flash", "How many clips did Natalia sell?");

                assertThat(o.text()).isEqualTo(ANSWER);
                assertThat(o.streamed()).isEqualTo(o.text());
                assertThat(o.usage().promptTokens()).isEqualTo(33);
                assertThat(o.usage().completionTokens()).isEqualTo(28);
                assertThat(o.streamUsage().completionTokens()).isEqualTo(28);
                assertThat(upstream.lastRequest().header("x-goog-api-key")).contains("g-secret");
                assertThat(upstream.lastRequest().path()).endsWith("/models/gemini-2.5-flash:streamGenerateContent");
            }
        }
    }

    @Test
    void aGeminiFunctionCallWholeAndStreamedAndItsResultSentBack() {
        try (FakeGeminiServer upstream = FakeGeminiServer.start("g-secret")) {
            upstream.functionCall("gemini-2.5-pro", "get_weather", ARGUMENTS, 41, 7);
            String yaml = """
                    providers:
                      gm: {kind: gemini, base_url: "%s", api_key: g-secret}
                    models:
                      pro: {provider: gm, model: gemini-2.5-pro, price: {input: 1.25, output: 10},
                            capabilities: [tools, streaming]}
                    tiers: {simple: [pro], medium: [pro], complex: [pro]}
                    """.formatted(upstream.baseUrl());
            try (TestGateway gw = TestGateway.start(yaml, dataDir)) {
                String answer = toolLoop(gw, "pro");

                assertThat(answer).isEqualTo(FakeGeminiServer.FUNCTION_RESULT_ANSWER);
                var response = upstream.lastRequest().json().path("contents").get(2).path("parts").get(0)
                        .path("functionResponse");
                assertThat(response.path("name").asText()).isEqualTo("get_weather");
                assertThat(response.path("response").path("celsius").asInt()).isEqualTo(18);
            }
        }
    }

    @Test
    void throughAFakeAzureResourceWithApiVersionInTheBaseUrl() {
        try (FakeAzureServer upstream = FakeAzureServer.start("az-secret")) {
            upstream.answer("gpt4o-eu", ANSWER, 31, 27);
            upstream.toolCall("gpt4o-tools", "call_az_1", "get_weather", ARGUMENTS, 40, 12);
            String yaml = """
                    providers:
                      az: {kind: azure, base_url: "%s", api_key: "${AZURE_OPENAI_API_KEY}"}
                    models:
                      gpt-4o: {provider: az, model: gpt4o-eu, price: {input: 2.5, output: 10}}
                      gpt-4o-tools: {provider: az, model: gpt4o-tools, price: {input: 2.5, output: 10},
                                     capabilities: [tools, streaming]}
                    tiers: {simple: [gpt-4o], medium: [gpt-4o], complex: [gpt-4o]}
                    """.formatted(upstream.baseUrl("2024-06-01"));
            try (TestGateway gw = TestGateway.start(yaml, dataDir, Map.of("AZURE_OPENAI_API_KEY", "az-secret"))) {
                Observed o = SdkAgainstUpstreamsTest.createAndStream(gw, "gpt-4o", "How many clips did Natalia sell?");

                assertThat(o.text()).isEqualTo(ANSWER);
                assertThat(o.streamed()).isEqualTo(o.text());
                assertThat(o.usage().promptTokens()).isEqualTo(31);
                assertThat(o.streamUsage().completionTokens()).isEqualTo(27);
                assertThat(upstream.lastRequest().path()).isEqualTo("/openai/deployments/gpt4o-eu/chat/completions");
                assertThat(upstream.lastRequest().query()).isEqualTo("api-version=2024-06-01");

                assertThat(toolLoop(gw, "gpt-4o-tools")).isEqualTo(
                        dev.ladder.providers.openai.FakeOpenAiServer.TOOL_RESULT_ANSWER);
            }
        }
    }

    /**
     * Asks for the weather with a tool, whole and streamed (both must call get_weather with the arguments), then
     * sends the tool's result back and returns the final answer.
     */
    private static String toolLoop(TestGateway gw, String model) {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gw.baseUrl() + "/v1").apiKey("sk-client")
                .maxRetries(0).timeout(Duration.ofSeconds(30)).build();
        try {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(model)
                    .addUserMessage("What is the weather in Paris?")
                    .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                            .name("get_weather").parameters(FunctionParameters.builder()
                                    .putAdditionalProperty("type", JsonValue.from("object"))
                                    .putAdditionalProperty("properties", JsonValue.from(Map.of("city",
                                            Map.of("type", "string"))))
                                    .build())
                            .build()).build())
                    .build();
            ChatCompletion whole = client.chat().completions().create(params);
            ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
            try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params.toBuilder()
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
                s.stream().forEach(accumulator::accumulate);
            }
            ChatCompletion streamed = accumulator.chatCompletion();
            for (ChatCompletion c : new ChatCompletion[] {whole, streamed}) {
                ChatCompletion.Choice choice = c.choices().getFirst();
                assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
                ChatCompletionMessageFunctionToolCall f = choice.message().toolCalls().orElseThrow().getFirst().asFunction();
                assertThat(f.function().name()).isEqualTo("get_weather");
                assertThat(f.function().arguments()).isEqualTo(ARGUMENTS);
                assertThat(c.usage()).isPresent();
            }
            ChatCompletion.Choice call = whole.choices().getFirst();
            String callId = call.message().toolCalls().orElseThrow().getFirst().asFunction().id();
            ChatCompletion done = client.chat().completions().create(params.toBuilder()
                    .addMessage(call.message())
                    .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(callId).content("{\"celsius\":18}")
                            .build())
                    .build());
            return done.choices().getFirst().message().content().orElseThrow();
        } finally {
            client.close();
        }
    }
}
