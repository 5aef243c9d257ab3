package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

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
import java.nio.file.Files;
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
        Path csv = Path.of(System.getProperty("ladder.shared.data", "../shared/data"), "routellm", "gsm8k",
                "gsm8k_responses.csv");
        assumeThat(Files.isReadable(csv)).as("GSM8K data beside the repo").isTrue();
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
