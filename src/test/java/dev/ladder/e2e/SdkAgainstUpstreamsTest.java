package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import dev.ladder.providers.anthropic.FakeAnthropicServer;
import dev.ladder.providers.openai.FakeOpenAiServer;
import dev.ladder.testing.Required;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official OpenAI Java SDK through the gateway to each kind of upstream: a fake OpenAI server, a fake
 * Anthropic server (translated both ways), and the simulated provider replaying real GSM8K answers. For
 * each: create and stream, the streamed text equals the non-streamed text, usage is present in both.
 */
class SdkAgainstUpstreamsTest {

    static final String ANSWER = "Natalia sold 48/2 = 24 clips in May. Altogether she sold 48+24 = 72 clips. #### 72";

    @TempDir
    Path dataDir;

    @Test
    void throughAFakeOpenAiUpstream() {
        try (FakeOpenAiServer upstream = FakeOpenAiServer.start()) {
            upstream.answer("gpt-upstream", ANSWER, 31, 27);
            String yaml = """
                    providers:
                      oa: {kind: openai, base_url: "%s", api_key: "${OA_KEY}"}
                    models:
                      gpt: {provider: oa, model: gpt-upstream, price: {input: 1, output: 2}}
                    tiers: {simple: [gpt], medium: [gpt], complex: [gpt]}
                    """.formatted(upstream.baseUrl());
            try (TestGateway gw = TestGateway.start(yaml, dataDir, java.util.Map.of("OA_KEY", "sk-upstream-secret"))) {
                Observed o = createAndStream(gw, "gpt", "How many clips did Natalia sell?");

                assertThat(o.text).isEqualTo(ANSWER);
                assertThat(o.streamed).isEqualTo(o.text);
                assertThat(o.usage.completionTokens()).isEqualTo(27);
                assertThat(o.streamUsage.completionTokens()).isEqualTo(27);
                assertThat(upstream.lastRequest().header("authorization")).contains("Bearer sk-upstream-secret");
                assertThat(upstream.lastRequest().model()).isEqualTo("gpt-upstream");
            }
        }
    }

    @Test
    void throughAFakeAnthropicUpstream() {
        try (FakeAnthropicServer upstream = FakeAnthropicServer.start()) {
            upstream.answer("claude-upstream", ANSWER, 40, 29);
            String yaml = """
                    providers:
                      an: {kind: anthropic, base_url: "%s", api_key: "${AN_KEY}"}
                    models:
                      claude: {provider: an, model: claude-upstream, price: {input: 3, output: 15}}
                    tiers: {simple: [claude], medium: [claude], complex: [claude]}
                    """.formatted(upstream.baseUrl());
            try (TestGateway gw = TestGateway.start(yaml, dataDir, java.util.Map.of("AN_KEY", "sk-ant-secret"))) {
                Observed o = createAndStream(gw, "ladder/auto", "How many clips did Natalia sell?");

                assertThat(o.text).isEqualTo(ANSWER);
                assertThat(o.streamed).isEqualTo(o.text);
                assertThat(o.usage.promptTokens()).isEqualTo(40);
                assertThat(o.streamUsage.completionTokens()).isEqualTo(29);
                assertThat(upstream.lastRequest().header("x-api-key")).contains("sk-ant-secret");
                assertThat(upstream.lastRequest().path()).endsWith("/v1/messages");
            }
        }
    }

    @Test
    void throughTheSimulatedProviderReplayingRealGsm8kAnswers() throws Exception {
        Path csv = Required.sharedData("routellm/gsm8k/gsm8k_responses.csv");
        String yaml = """
                providers:
                  sim:
                    kind: simulated
                    models:
                      mixtral:
                        time_to_first_token: 1ms
                        tokens_per_second: 20000
                        answer: {mode: replay, file: "%s", column: "mistralai/Mixtral-8x7B-Instruct-v0.1_response"}
                models:
                  weak: {provider: sim, model: mixtral, price: {input: 0.6, output: 0.6}}
                tiers: {simple: [weak], medium: [weak], complex: [weak]}
                """.formatted(csv.toAbsolutePath());
        String question = "Janet’s ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes "
                + "muffins for her friends every day with four. She sells the remainder at the farmers' market daily for "
                + "$2 per fresh duck egg. How much in dollars does she make every day at the farmers' market?";
        try (TestGateway gw = TestGateway.start(yaml, dataDir)) {
            Observed o = createAndStream(gw, "weak", question);

            assertThat(o.text).contains("18").hasSizeGreaterThan(40);
            assertThat(o.streamed).isEqualTo(o.text);
            assertThat(o.usage.completionTokens()).isEqualTo(o.streamUsage.completionTokens()).isPositive();
        }
    }

    @Test
    void everyParameterReachesAnOpenAiUpstreamUnchanged() throws Exception {
        try (FakeOpenAiServer upstream = FakeOpenAiServer.start()) {
            upstream.answer("gpt-upstream", "{\"ok\":true}", 5, 3);
            String yaml = """
                    providers:
                      oa: {kind: openai, base_url: "%s"}
                    models:
                      gpt: {provider: oa, model: gpt-upstream, price: {input: 1, output: 2},
                            capabilities: [logprobs, json_mode, tools, streaming]}
                    tiers: {simple: [gpt], medium: [gpt], complex: [gpt]}
                    """.formatted(upstream.baseUrl());
            try (TestGateway gw = TestGateway.start(yaml, dataDir)) {
                String body = """
                        {"model":"gpt","messages":[{"role":"user","content":"hi"}],"temperature":0.3,"top_p":0.9,
                         "max_tokens":77,"seed":7,"stop":["END"],"user":"u-42","logprobs":true,"top_logprobs":2,
                         "response_format":{"type":"json_object"},
                         "tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}}}],
                         "tool_choice":"auto","vendor_flag":{"x":1}}
                        """;
                assertThat(gw.post("/v1/chat/completions", body).statusCode()).isEqualTo(200);

                var sent = upstream.lastRequest().json();
                assertThat(sent.path("model").asText()).isEqualTo("gpt-upstream");
                assertThat(sent.path("temperature").asDouble()).isEqualTo(0.3);
                assertThat(sent.path("top_p").asDouble()).isEqualTo(0.9);
                assertThat(sent.path("max_tokens").asInt()).isEqualTo(77);
                assertThat(sent.path("seed").asInt()).isEqualTo(7);
                assertThat(sent.path("stop").get(0).asText()).isEqualTo("END");
                assertThat(sent.path("user").asText()).isEqualTo("u-42");
                assertThat(sent.path("logprobs").asBoolean()).isTrue();
                assertThat(sent.path("top_logprobs").asInt()).isEqualTo(2);
                assertThat(sent.path("response_format").path("type").asText()).isEqualTo("json_object");
                assertThat(sent.path("tools").get(0).path("function").path("name").asText()).isEqualTo("lookup");
                assertThat(sent.path("tool_choice").asText()).isEqualTo("auto");
                assertThat(sent.path("vendor_flag").path("x").asInt()).isEqualTo(1);
            }
        }
    }

    record Observed(String text, String streamed, CompletionUsage usage, CompletionUsage streamUsage) {
    }

    static Observed createAndStream(TestGateway gw, String model, String question) {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gw.baseUrl() + "/v1").apiKey("sk-client")
                .maxRetries(0).timeout(Duration.ofSeconds(30)).build();
        try {
            ChatCompletionCreateParams p = ChatCompletionCreateParams.builder().model(model).addUserMessage(question)
                    .build();
            ChatCompletion c = client.chat().completions().create(p);
            StringBuilder streamed = new StringBuilder();
            AtomicReference<CompletionUsage> streamUsage = new AtomicReference<>();
            try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(p.toBuilder()
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
                s.stream().forEach(chunk -> {
                    chunk.choices().forEach(ch -> ch.delta().content().ifPresent(streamed::append));
                    chunk.usage().ifPresent(streamUsage::set);
                });
            }
            return new Observed(c.choices().getFirst().message().content().orElseThrow(), streamed.toString(),
                    c.usage().orElseThrow(), streamUsage.get());
        } finally {
            client.close();
        }
    }
}
