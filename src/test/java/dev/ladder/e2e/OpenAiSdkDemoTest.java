package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official OpenAI Java SDK, unchanged, against the demo gateway (simulated providers for three tiers). */
@Tag("slow")
class OpenAiSdkDemoTest {

    @TempDir
    static Path dataDir;

    static TestGateway gw;
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        gw = TestGateway.demo(dataDir);
        client = OpenAIOkHttpClient.builder().baseUrl(gw.baseUrl() + "/v1").apiKey("sk-test-not-a-real-key")
                .maxRetries(0).timeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        gw.close();
    }

    @Test
    void aShortFactualQuestionIsRoutedToTheSimpleTier() {
        HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse()
                .create(params(Prompts.SHORT_FACTUAL));

        ChatCompletion completion = raw.parse();
        assertThat(raw.headers().values("x-ladder-tier")).containsExactly("simple");
        assertThat(completion.choices().getFirst().message().content()).isPresent();
        assertThat(completion.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isPositive();
            assertThat(u.completionTokens()).isPositive();
        });
        assertThat(Double.parseDouble(raw.headers().values("x-ladder-cost-usd").getFirst())).isPositive();
        assertThat(raw.headers().values("x-ladder-request-id").getFirst()).startsWith("req_");
        assertThat(raw.headers().values("x-ladder-cache")).isNotEmpty();
        assertThat(raw.headers().values("x-ladder-escalations")).containsExactly("0");
    }

    @Test
    void aLongMultiPartArchitectureAndCodePromptIsRoutedToTheComplexTier() {
        HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse()
                .create(params(Prompts.ARCHITECTURE));

        assertThat(raw.headers().values("x-ladder-tier")).containsExactly("complex");
        double cost = Double.parseDouble(raw.headers().values("x-ladder-cost-usd").getFirst());
        double baseline = Double.parseDouble(raw.headers().values("x-ladder-baseline-cost-usd").getFirst());
        assertThat(cost).isEqualTo(baseline);
    }

    @Test
    void theSimpleTierCostsLessThanTheFrontierBaseline() {
        HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse()
                .create(params(Prompts.SHORT_FACTUAL));

        double cost = Double.parseDouble(raw.headers().values("x-ladder-cost-usd").getFirst());
        double baseline = Double.parseDouble(raw.headers().values("x-ladder-baseline-cost-usd").getFirst());
        assertThat(cost).isPositive().isLessThan(baseline);
    }

    @Test
    void streamingYieldsTheSameTextAsNonStreamingAndReportsUsage() {
        ChatCompletionCreateParams p = params("Summarise in one line: the quick brown fox jumps over the lazy dog.")
                .toBuilder().model("sim-medium").build();
        String whole = client.chat().completions().create(p).choices().getFirst().message().content().orElseThrow();
        p = p.toBuilder().streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

        StringBuilder streamed = new StringBuilder();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(p)) {
            s.stream().forEach(c -> {
                chunks.add(c);
                c.choices().forEach(ch -> ch.delta().content().ifPresent(streamed::append));
            });
        }

        assertThat(streamed.toString()).isEqualTo(whole);
        assertThat(chunks.size()).isGreaterThan(2);
        assertThat(chunks.getLast().usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isPositive());
    }

    @Test
    void anUnknownModelIsNotFound() {
        ChatCompletionCreateParams p = params("hi").toBuilder().model("gpt-does-not-exist").build();

        assertThatThrownBy(() -> client.chat().completions().create(p))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void anInvalidParameterIsABadRequest() {
        ChatCompletionCreateParams p = params("hi").toBuilder().temperature(7.0).build();

        assertThatThrownBy(() -> client.chat().completions().create(p))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    }

    static ChatCompletionCreateParams params(String user) {
        return ChatCompletionCreateParams.builder().model("ladder/auto").addUserMessage(user).build();
    }
}
