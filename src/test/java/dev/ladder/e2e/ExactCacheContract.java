package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.pipeline.DecisionRow;
import dev.ladder.store.JdbcDecisionStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact cache through the real gateway over HTTP, against a simulated upstream whose every answer has a
 * fresh id: an identical body proves a replay. Subclasses run the same tests on each backend.
 */
abstract class ExactCacheContract {

    static final String PATH = "/v1/chat/completions";

    @TempDir
    Path dataDir;

    final AdvancingClock clock = new AdvancingClock();
    TestGateway gw;

    /** {@code memory} or {@code redis}. */
    abstract String backend();

    /** The {@code cache.redis} mapping, when the backend needs one. */
    String redis() {
        return "{}";
    }

    /** Removes what earlier runs left in a shared backend. */
    void reset() {
    }

    @BeforeEach
    void start() {
        reset();
        gw = TestGateway.start("""
                providers:
                  sim:
                    kind: simulated
                    models:
                      echo: {time_to_first_token: 1ms, tokens_per_second: 100000, logprobs: false, answer: {mode: echo}}
                      broken: {time_to_first_token: 1ms, answer: {mode: echo}, failures: {error_500: 1}}
                      cut:
                        time_to_first_token: 1ms
                        tokens_per_second: 100000
                        logprobs: false
                        answer: {mode: echo}
                        failures: {stream_cut: 1}
                models:
                  echo: {provider: sim, price: {input: 1, output: 2}, capabilities: [tools, json_mode, json_schema, streaming]}
                  cut: {provider: sim, price: {input: 1, output: 2}}
                  broken: {provider: sim, price: {input: 1, output: 2}}
                tiers: {simple: [echo], medium: [echo], complex: [echo]}
                cache:
                  exact: {enabled: true, ttl: 1h, backend: %s}
                  redis: %s
                  routes:
                    static: {ttl: 24h}
                """.formatted(backend(), redis()), dataDir, Map.of(), clock);
    }

    @AfterEach
    void stop() {
        if (gw != null) { // null when start() was skipped for a missing backend
            gw.close();
        }
    }

    static String body(String model, String extra, String... messages) {
        StringBuilder sb = new StringBuilder("{\"model\":\"" + model + "\"" + extra + ",\"messages\":[");
        for (int i = 0; i < messages.length; i += 2) {
            sb.append(i == 0 ? "" : ",").append("{\"role\":\"").append(messages[i]).append("\",\"content\":\"")
                    .append(messages[i + 1]).append("\"}");
        }
        return sb.append("]}").toString();
    }

    HttpResponse<String> ask(String body, String... headers) throws Exception {
        HttpResponse<String> r = gw.post(PATH, body, headers);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    static String cache(HttpResponse<String> r) {
        return r.headers().firstValue("x-ladder-cache").orElseThrow();
    }

    @Test
    void the_same_request_is_answered_from_the_cache_with_an_identical_body_at_no_cost() throws Exception {
        String req = body("echo", ",\"temperature\":0.2", "user", "What is the capital of France?");

        HttpResponse<String> first = ask(req);
        HttpResponse<String> second = ask(req);

        assertThat(cache(first)).isEqualTo("miss");
        assertThat(cache(second)).isEqualTo("exact");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("x-ladder-cost-usd")).contains("0");
        assertThat(first.headers().firstValue("x-ladder-cost-usd").orElseThrow()).isNotEqualTo("0");
        assertThat(second.headers().firstValue("x-ladder-saved-cost-usd"))
                .isEqualTo(first.headers().firstValue("x-ladder-cost-usd"));
        assertThat(second.headers().firstValue("x-ladder-cache-key"))
                .isEqualTo(first.headers().firstValue("x-ladder-cache-key"));
    }

    @Test
    void a_streamed_answer_is_replayed_as_the_same_events() throws Exception {
        String req = body("echo", ",\"stream\":true", "user", "Count to three, please.");

        HttpResponse<String> first = ask(req);
        HttpResponse<String> second = ask(req);

        assertThat(first.body()).endsWith("data: [DONE]\n\n");
        assertThat(cache(second)).isEqualTo("exact");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
    }

    @Test
    void a_streamed_answer_also_answers_the_same_request_unstreamed_and_back() throws Exception {
        HttpResponse<String> streamed = ask(body("echo", ",\"stream\":true", "user", "Name a colour."));
        HttpResponse<String> plain = ask(body("echo", "", "user", "Name a colour."));

        assertThat(cache(plain)).isEqualTo("exact");
        assertThat(streamed.body()).endsWith("data: [DONE]\n\n");
        assertThat(plain.body()).as("the stream assembled").contains("\"object\":\"chat.completion\"")
                .contains("Name a colour.").contains("\"finish_reason\":\"stop\"");

        ask(body("echo", "", "user", "Name a fruit."));
        HttpResponse<String> replayed = ask(body("echo", ",\"stream\":true", "user", "Name a fruit."));
        assertThat(cache(replayed)).isEqualTo("exact");
        assertThat(replayed.body()).contains("chat.completion.chunk").endsWith("data: [DONE]\n\n");
    }

    @Test
    void another_tenant_system_prompt_temperature_tool_list_or_response_format_misses() throws Exception {
        String base = body("echo", ",\"temperature\":0.2", "system", "Be brief.", "user", "Hello there");
        ask(base, "Authorization", "Bearer tenant-a");
        assertThat(cache(ask(base, "Authorization", "Bearer tenant-a"))).isEqualTo("exact");

        assertThat(cache(ask(base, "Authorization", "Bearer tenant-b"))).as("tenant").isEqualTo("miss");
        assertThat(cache(ask(base))).as("no key").isEqualTo("miss");
        assertThat(cache(ask(body("echo", ",\"temperature\":0.2", "system", "Be verbose.", "user", "Hello there"),
                "Authorization", "Bearer tenant-a"))).as("system prompt").isEqualTo("miss");
        assertThat(cache(ask(body("echo", ",\"temperature\":0.9", "system", "Be brief.", "user", "Hello there"),
                "Authorization", "Bearer tenant-a"))).as("temperature").isEqualTo("miss");
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"%s\",\"parameters\":{}}}]";
        assertThat(cache(ask(body("echo", ",\"temperature\":0.2" + tools.formatted("lookup"), "system", "Be brief.",
                "user", "Hello there"), "Authorization", "Bearer tenant-a"))).as("tools").isEqualTo("miss");
        assertThat(cache(ask(body("echo", ",\"temperature\":0.2" + tools.formatted("search"), "system", "Be brief.",
                "user", "Hello there"), "Authorization", "Bearer tenant-a"))).as("other tools").isEqualTo("miss");
        assertThat(cache(ask(body("echo", ",\"temperature\":0.2,\"response_format\":{\"type\":\"json_object\"}",
                "system", "Be brief.", "user", "Hello there"), "Authorization", "Bearer tenant-a")))
                .as("response format").isEqualTo("miss");
        assertThat(cache(ask(base, "Authorization", "Bearer tenant-a", "x-ladder-feature", "other")))
                .as("route").isEqualTo("miss");
    }

    @Test
    void key_order_and_number_spelling_do_not_matter() throws Exception {
        ask("{\"model\":\"echo\",\"temperature\":1,\"messages\":[{\"role\":\"user\",\"content\":\"Same\"}]}");

        HttpResponse<String> reordered = ask("{\"messages\":[{\"content\":\"Same\",\"role\":\"user\"}],"
                + "\"temperature\":1.0,\"model\":\"echo\",\"user\":\"someone-else\"}");

        assertThat(cache(reordered)).isEqualTo("exact");
    }

    @Test
    void a_truncated_answer_is_never_cached() throws Exception {
        String req = body("echo", ",\"max_tokens\":2", "user", "Tell me a long story about a cat and a dog");

        HttpResponse<String> first = ask(req);

        assertThat(first.body()).contains("\"finish_reason\":\"length\"");
        assertThat(cache(ask(req))).isEqualTo("miss");
    }

    @Test
    void a_cut_stream_is_never_cached() throws Exception {
        String req = body("cut", ",\"stream\":true", "user", "A stream that breaks half way through");

        HttpResponse<String> first = gw.post(PATH, req);
        HttpResponse<String> second = gw.post(PATH, req);

        assertThat(first.body()).doesNotEndWith("data: [DONE]\n\n");
        assertThat(cache(second)).isEqualTo("miss");
    }

    @Test
    void a_failed_answer_is_never_cached() throws Exception {
        String req = body("broken", "", "user", "hi");

        HttpResponse<String> first = gw.post(PATH, req);
        HttpResponse<String> second = gw.post(PATH, req);

        assertThat(first.statusCode()).isEqualTo(502);
        assertThat(second.statusCode()).isEqualTo(502);
        assertThat(cache(second)).as("looked up again, found nothing").isEqualTo("miss");
    }

    @Test
    void an_entry_expires_after_its_routes_ttl() throws Exception {
        String req = body("echo", "", "user", "What time is it?");
        ask(req);
        ask(req, "x-ladder-feature", "static");

        clock.advance(Duration.ofMinutes(59));
        assertThat(cache(ask(req))).isEqualTo("exact");

        clock.advance(Duration.ofMinutes(2));
        assertThat(cache(ask(req))).as("default route, 1h").isEqualTo("miss");
        assertThat(cache(ask(req, "x-ladder-feature", "static"))).as("static route, 24h").isEqualTo("exact");

        clock.advance(Duration.ofHours(23));
        assertThat(cache(ask(req, "x-ladder-feature", "static"))).isEqualTo("miss");
    }

    @Test
    void no_store_neither_looks_up_nor_stores_and_no_cache_stores_without_looking_up() throws Exception {
        String req = body("echo", "", "user", "Private question");

        HttpResponse<String> noStore = ask(req, "Cache-Control", "no-store");
        assertThat(cache(noStore)).isEqualTo("bypass");
        assertThat(cache(ask(req))).as("nothing was stored").isEqualTo("miss");

        HttpResponse<String> noCache = ask(req, "Cache-Control", "no-cache");
        assertThat(cache(noCache)).isEqualTo("bypass");
        HttpResponse<String> after = ask(req);
        assertThat(cache(after)).isEqualTo("exact");
        assertThat(after.body()).as("no-cache stored its fresh answer").isEqualTo(noCache.body());
        assertThat(cache(ask(req, "Cache-Control", "max-age=0, no-store"))).isEqualTo("bypass");
    }

    @Test
    void a_hit_is_logged_with_its_saved_cost() throws Exception {
        String req = body("echo", "", "user", "Log me");
        HttpResponse<String> first = ask(req);
        HttpResponse<String> hit = ask(req);
        String id = hit.headers().firstValue("x-ladder-request-id").orElseThrow();
        assertThat(gw.gateway.decisionLog().flush(Duration.ofSeconds(10))).isTrue();

        try (JdbcDecisionStore store = JdbcDecisionStore.open(dataDir)) {
            DecisionRow row = store.find(id).orElseThrow();
            assertThat(row.cacheStatus().wireName()).isEqualTo("exact");
            assertThat(row.costUsd()).isZero();
            assertThat(row.attempts()).isEmpty();
            assertThat(row.savedCostUsd()).isPositive()
                    .isEqualTo(Double.parseDouble(first.headers().firstValue("x-ladder-cost-usd").orElseThrow()),
                            org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void the_admin_api_reports_and_deletes_by_key_scope_and_all() throws Exception {
        HttpResponse<String> a = ask(body("echo", "", "user", "one"), "Authorization", "Bearer tenant-a");
        ask(body("echo", "", "user", "two"), "Authorization", "Bearer tenant-a", "x-ladder-feature", "faq");
        ask(body("echo", "", "user", "three"), "Authorization", "Bearer tenant-b");
        ask(body("echo", "", "user", "three"), "Authorization", "Bearer tenant-b");

        String stats = gw.get("/admin/cache").body();
        assertThat(stats).contains("\"layer\":\"exact\"").contains("\"entries\":3").contains("\"hits\":1")
                .contains("\"misses\":3").contains("\"hit_rate\":0.25");

        String key = a.headers().firstValue("x-ladder-cache-key").orElseThrow();
        assertThat(gw.delete("/admin/cache?key=" + key).body()).isEqualTo("{\"deleted\":1}");
        assertThat(cache(ask(body("echo", "", "user", "one"), "Authorization", "Bearer tenant-a"))).isEqualTo("miss");

        String keyIdA = keyId("tenant-a");
        assertThat(gw.delete("/admin/cache?tenant=" + keyIdA + "&route=faq").body()).isEqualTo("{\"deleted\":1}");
        assertThat(gw.delete("/admin/cache?tenant=" + keyIdA).body()).isEqualTo("{\"deleted\":1}");
        assertThat(cache(ask(body("echo", "", "user", "three"), "Authorization", "Bearer tenant-b"))).isEqualTo("exact");
        assertThat(gw.delete("/admin/cache").body()).isEqualTo("{\"deleted\":1}");
        assertThat(gw.delete("/admin/cache?route=faq").statusCode()).isEqualTo(400);
        assertThat(gw.delete("/admin/cache?tenantt=x").statusCode()).isEqualTo(400);
    }

    /** The key id the edge derives from a bearer token (12 hex characters of its SHA-256). */
    static String keyId(String token) throws Exception {
        byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(token.getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        return "key_" + java.util.HexFormat.of().formatHex(d, 0, 6);
    }
}
