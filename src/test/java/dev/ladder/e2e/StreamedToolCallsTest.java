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
import dev.ladder.providers.openai.FakeOpenAiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression for issue 10: a streamed tool call that came through cascade or race lost its {@code index}, so SDK
 * stream accumulators could not assemble it. The official OpenAI Java SDK's accumulator must get the whole call.
 */
class StreamedToolCallsTest {

    static final String ARGUMENTS = "{\"city\":\"Paris\",\"unit\":\"celsius\"}";

    @TempDir
    Path dataDir;

    static String yaml(FakeOpenAiServer up) {
        return """
                providers:
                  oa: {kind: openai, base_url: "%s"}
                models:
                  small: {provider: oa, model: up-small, price: {input: 0.1, output: 0.4}, capabilities: [tools, streaming]}
                  mid: {provider: oa, model: up-mid, price: {input: 1, output: 4}, capabilities: [tools, streaming]}
                  big: {provider: oa, model: up-big, price: {input: 5, output: 20}, capabilities: [tools, streaming]}
                tiers: {simple: [small], medium: [mid], complex: [big]}
                routing:
                  rules:
                    - {name: start-cheap, when: {feature: cheap-first}, then: {tier: simple}}
                """.formatted(up.baseUrl());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cascade", "race", "direct"})
    void aStreamedToolCallIsAssembledByTheSdkAccumulator(String strategy) throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            up.toolCall("up-small", "call_small_1", "get_weather", ARGUMENTS, 40, 12)
                    .toolCall("up-mid", "call_mid_1", "get_weather", ARGUMENTS, 40, 12)
                    .toolCall("up-big", "call_big_1", "get_weather", ARGUMENTS, 40, 12);
            try (TestGateway gw = TestGateway.start(yaml(up), dataDir)) {
                OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gw.baseUrl() + "/v1").apiKey("sk-client")
                        .maxRetries(0).timeout(Duration.ofSeconds(30))
                        .headers(Map.of("x-ladder-strategy", java.util.List.of(strategy),
                                "x-ladder-feature", java.util.List.of("cheap-first")))
                        .build();
                try {
                    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("ladder/auto")
                            .addUserMessage("What is the weather in Paris?")
                            .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                                    .name("get_weather").parameters(FunctionParameters.builder()
                                            .putAdditionalProperty("type", JsonValue.from("object")).build())
                                    .build()).build())
                            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                            .build();
                    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
                    try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
                        s.stream().forEach(accumulator::accumulate);
                    }
                    ChatCompletion done = accumulator.chatCompletion();

                    ChatCompletion.Choice choice = done.choices().getFirst();
                    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
                    assertThat(choice.message().toolCalls().orElseThrow()).singleElement().satisfies(call -> {
                        ChatCompletionMessageFunctionToolCall f = call.asFunction();
                        assertThat(f.id()).startsWith("call_");
                        assertThat(f.function().name()).isEqualTo("get_weather");
                        assertThat(f.function().arguments()).isEqualTo(ARGUMENTS);
                    });
                } finally {
                    client.close();
                }
            }
        }
    }
}
