package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.wire.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The semantic cache through the real gateway, with the shipped embedding model, on a route that opts in. */
class SemanticCacheEndToEndTest {

    static final String PATH = "/v1/chat/completions";

    @TempDir
    static Path dataDir;

    static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start("""
                providers:
                  sim:
                    kind: simulated
                    models:
                      echo: {time_to_first_token: 1ms, tokens_per_second: 100000, logprobs: false, answer: {mode: echo}}
                models:
                  echo: {provider: sim, price: {input: 1, output: 2}}
                tiers: {simple: [echo], medium: [echo], complex: [echo]}
                cache:
                  routes:
                    faq: {semantic: true}
                """, dataDir);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static String body(String system, String user, boolean stream) {
        return "{\"model\":\"echo\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"system\",\"content\":"
                + Json.write(Json.NODES.textNode(system)) + "},{\"role\":\"user\",\"content\":"
                + Json.write(Json.NODES.textNode(user)) + "}]}";
    }

    static HttpResponse<String> ask(String body, String... headers) throws Exception {
        HttpResponse<String> r = gw.post(PATH, body, headers);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    static String cache(HttpResponse<String> r) {
        return r.headers().firstValue("x-ladder-cache").orElseThrow();
    }

    static final String[] FAQ = {"x-ladder-feature", "faq", "Authorization", "Bearer tenant-a"};

    @Test
    void a_paraphrase_on_an_opted_in_route_is_answered_with_the_earlier_answer() throws Exception {
        HttpResponse<String> first = ask(body("You are a support bot.", "How do I reset my password?", false), FAQ);
        HttpResponse<String> second = ask(body("You are a support bot.", "How can I reset my password?", false), FAQ);

        assertThat(cache(first)).isEqualTo("miss");
        assertThat(cache(second)).isEqualTo("semantic");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("x-ladder-cost-usd")).contains("0");

        HttpResponse<String> streamed = ask(body("You are a support bot.", "How can I reset my password?", true), FAQ);
        assertThat(cache(streamed)).isEqualTo("semantic");
        assertThat(streamed.body()).contains("chat.completion.chunk").endsWith("data: [DONE]\n\n");
    }

    @Test
    void another_route_tenant_system_prompt_or_number_misses() throws Exception {
        ask(body("You are a travel agent.", "What is the cheapest flight to Paris in 2025?", false), FAQ);

        assertThat(cache(ask(body("You are a travel agent.", "What's the cheapest flight to Paris in 2025?", false),
                FAQ))).isEqualTo("semantic");
        assertThat(cache(ask(body("You are a travel agent.", "What's the cheapest flight to Paris in 2025?", false),
                "Authorization", "Bearer tenant-a"))).as("default route did not opt in").isEqualTo("bypass");
        assertThat(cache(ask(body("You are a travel agent.", "What's the cheapest flight to Paris in 2025?", false),
                "x-ladder-feature", "faq", "Authorization", "Bearer tenant-b"))).as("tenant").isEqualTo("miss");
        assertThat(cache(ask(body("You are a rude travel agent.", "What's the cheapest flight to Paris in 2025?",
                false), FAQ))).as("system prompt").isEqualTo("miss");
        assertThat(cache(ask(body("You are a travel agent.", "What is the cheapest flight to Paris in 2026?", false),
                FAQ))).as("number").isEqualTo("miss");
        assertThat(cache(ask(body("You are a travel agent.", "What is the cheapest flight to Rome in 2025?", false),
                FAQ))).as("name").isEqualTo("miss");
    }

    @Test
    void text_longer_than_the_model_reads_is_never_matched() throws Exception {
        String context = "Here is some background about our product line and its history. ".repeat(20);

        ask(body("You are a support bot.", context + "Which colour does the basic model come in?", false), FAQ);
        HttpResponse<String> other = ask(body("You are a support bot.",
                context + "How much does the premium model weigh?", false), FAQ);

        assertThat(cache(other)).isEqualTo("bypass");
        assertThat(other.body()).contains("premium model weigh");
    }

    @Test
    void no_store_skips_the_semantic_layer_too() throws Exception {
        ask(body("You are a chef.", "How long should I boil an egg?", false), FAQ);

        HttpResponse<String> r = ask(body("You are a chef.", "How long do I boil an egg?", false), "x-ladder-feature",
                "faq", "Authorization", "Bearer tenant-a", "Cache-Control", "no-store");

        assertThat(cache(r)).isEqualTo("bypass");
    }
}
