package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.model.CircuitState;
import dev.ladder.providers.azure.FakeAzureServer;
import dev.ladder.providers.openai.FakeOpenAiServer;
import dev.ladder.wire.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: a model alias ({@code gpt-4o}) stands for deployments in two regions at two providers; clients keep
 * the name, the gateway balances and fails over among the group through the same breakers as a tier.
 */
class ModelAliasesTest {

    static final String ANSWER = "Paris is the capital of France.";

    @TempDir
    Path dataDir;

    private static String yaml(String eastUrl, String westUrl, String balancing) {
        return """
                providers:
                  az-east: {kind: azure, base_url: "%s", api_key: az-key, connect_timeout: 500ms}
                  oa-west: {kind: openai, base_url: "%s"}
                  sim: {kind: simulated, models: {sim-small: {}}}
                models:
                  gpt-4o-eastus: {provider: az-east, model: gpt4o-east, price: {input: 2.5, output: 10}}
                  gpt-4o-westeu: {provider: oa-west, model: gpt-4o-2024-11-20, price: {input: 2.5, output: 10}}
                  small: {provider: sim, model: sim-small, price: {input: 0.1, output: 0.4}}
                aliases:
                  gpt-4o: [gpt-4o-eastus, gpt-4o-westeu]
                tiers: {simple: [small], medium: [small], complex: [small]}
                routing: {load_balancing: %s, escalate_on_failure: false}
                resilience:
                  breaker: {consecutive_failures: 2, cool_down: 1m}
                """.formatted(eastUrl, westUrl, balancing);
    }

    @Test
    void withOneMemberDownTheAliasStillAnswersAndTheDeadMembersBreakerOpens() throws Exception {
        try (FakeOpenAiServer west = FakeOpenAiServer.start()) {
            west.answer("gpt-4o-2024-11-20", ANSWER, 12, 7);
            String deadEast = "http://127.0.0.1:" + ProviderDownTest.closedPort() + "?api-version=2024-10-21";
            try (TestGateway gw = TestGateway.start(yaml(deadEast, west.baseUrl().toString(), "weighted"), dataDir)) {
                Map<String, Integer> answeredBy = new HashMap<>();
                for (int i = 0; i < 12; i++) {
                    boolean stream = i % 2 == 1;
                    HttpResponse<String> r = gw.post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":" + stream
                            + ",\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}]}");
                    SseOutcome o = SseOutcome.of(r, Duration.ZERO);

                    assertThat(o.status()).as("request %d", i).isEqualTo(200);
                    assertThat(o.content()).isEqualTo(ANSWER);
                    answeredBy.merge(r.headers().firstValue("x-ladder-model").orElseThrow(), 1, Integer::sum);
                }

                assertThat(answeredBy).containsExactly(Map.entry("gpt-4o-westeu", 12));
                assertThat(gw.gateway.health().health("gpt-4o-eastus").state()).isEqualTo(CircuitState.OPEN);
                assertThat(west.requests()).hasSize(12);
            }
        }
    }

    @Test
    void withBothMembersUpTheAliasSpreadsItsTrafficAndIsListedInModels() throws Exception {
        try (FakeOpenAiServer west = FakeOpenAiServer.start(); FakeAzureServer east = FakeAzureServer.start("az-key")) {
            west.answer("gpt-4o-2024-11-20", ANSWER, 12, 7);
            east.answer("gpt4o-east", ANSWER, 12, 7);
            try (TestGateway gw = TestGateway.start(yaml(east.baseUrl("2024-10-21").toString(), west.baseUrl().toString(),
                    "weighted"), dataDir)) {
                List<String> answeredBy = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.chat("gpt-4o", "Capital?"));
                    assertThat(r.statusCode()).isEqualTo(200);
                    answeredBy.add(r.headers().firstValue("x-ladder-model").orElseThrow());
                }

                assertThat(answeredBy).contains("gpt-4o-eastus", "gpt-4o-westeu");
                // weighted 1:1 over 40 requests: one member taking all is a 2^-39 chance
                assertThat(east.requests()).isNotEmpty();
                assertThat(west.requests()).isNotEmpty();
                assertThat(east.requests().size() + west.requests().size()).isEqualTo(40);
                JsonNode models = Json.read(gw.get("/v1/models").body()).path("data");
                List<String> ids = new ArrayList<>();
                models.forEach(m -> ids.add(m.path("id").asText()));
                assertThat(ids).contains("gpt-4o", "gpt-4o-eastus", "gpt-4o-westeu", "ladder/auto");
            }
        }
    }

    @Test
    void anUnknownModelNextToAnAliasIsStillA404() throws Exception {
        try (FakeOpenAiServer west = FakeOpenAiServer.start()) {
            try (TestGateway gw = TestGateway.start(yaml(west.baseUrl() + "?api-version=1", west.baseUrl().toString(),
                    "ordered"), dataDir)) {
                HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.chat("gpt-4", "Capital?"));

                assertThat(r.statusCode()).isEqualTo(404);
            }
        }
    }
}
