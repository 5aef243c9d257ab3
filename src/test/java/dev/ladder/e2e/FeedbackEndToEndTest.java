package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.pipeline.Feedback;
import dev.ladder.store.JdbcDecisionStore;
import dev.ladder.wire.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /v1/feedback on the running demo gateway: stored next to the decision, validated, 404 for unknown ids. */
class FeedbackEndToEndTest {

    @TempDir
    Path dataDir;

    @Test
    void feedbackSentRightAfterTheAnswerIsStoredWithItsDecision() throws Exception {
        String id;
        try (TestGateway gw = TestGateway.demo(dataDir)) {
            HttpResponse<String> answer = gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", "Say hi"));
            id = answer.headers().firstValue("x-ladder-request-id").orElseThrow();

            // sent before the decision log's writer has necessarily stored the request
            HttpResponse<String> score = gw.post("/v1/feedback", "{\"request_id\":\"" + id + "\",\"score\":0.25}");
            HttpResponse<String> regenerated = gw.post("/v1/feedback",
                    "{\"request_id\":\"" + id + "\",\"regenerated\":true}");

            assertThat(score.statusCode()).as(score.body()).isEqualTo(200);
            assertThat(Json.read(score.body()).path("stored").asBoolean()).isTrue();
            assertThat(regenerated.statusCode()).isEqualTo(200);
        }
        try (JdbcDecisionStore store = JdbcDecisionStore.open(dataDir)) {
            List<Feedback> stored = store.feedback();
            assertThat(stored).extracting(Feedback::requestId).containsExactly(id, id);
            assertThat(stored.get(0).score()).hasValue(0.25);
            assertThat(stored.get(0).negative()).isTrue();
            assertThat(stored.get(1).regenerated()).isTrue();
        }
    }

    @Test
    void badShapesAre400NamingTheFieldAndUnknownRequestIdsAre404() throws Exception {
        try (TestGateway gw = TestGateway.demo(dataDir)) {
            HttpResponse<String> unknown = gw.post("/v1/feedback", "{\"request_id\":\"req_nope\",\"score\":1}");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(Json.read(unknown.body()).path("error").path("code").asText()).isEqualTo("request_not_found");

            for (String[] bad : new String[][] {
                {"{\"score\":1}", "request_id"},
                {"{\"request_id\":\"x\",\"score\":5}", "score"},
                {"{\"request_id\":\"x\",\"score\":\"good\"}", "score"},
                {"{\"request_id\":\"x\"}", "score"},
                {"{\"request_id\":\"x\",\"regenerated\":\"yes\"}", "regenerated"},
                {"{\"request_id\":\"x\",\"scroe\":1}", "scroe"},
                {"[1,2]", null},
                {"not json", null}}) {
                HttpResponse<String> r = gw.post("/v1/feedback", bad[0]);
                assertThat(r.statusCode()).as(bad[0]).isEqualTo(400);
                var error = Json.read(r.body()).path("error");
                assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
                if (bad[1] != null) {
                    assertThat(error.path("param").asText()).as(bad[0]).isEqualTo(bad[1]);
                }
            }
            assertThat(gw.get("/v1/feedback").statusCode()).isEqualTo(405);
        }
    }
}
