package dev.ladder.providers.simulated;

import static dev.ladder.providers.simulated.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.wire.Json;
import dev.ladder.wire.StreamAssembler;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator honours the structure a request asks for: tools, response_format, n and stop. */
class StructuredAnswersTest {

    static final String WEATHER = """
            [{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
              "properties":{"city":{"type":"string"},"days":{"type":"integer","minimum":1},
                "unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city","days"]}}},
             {"type":"function","function":{"name":"other","parameters":{"type":"object"}}}]""";

    private final RecordingSleeper sleeper = new RecordingSleeper();

    private Plan plan(SimulatedModelConfig config, ChatRequest request) {
        return Fixtures.engine(Map.of(request.model(), config), sleeper).start(request, request.model()).plan();
    }

    @Test
    void aRequestWithToolsGetsACallOfTheFirstToolWithArgumentsForItsRequiredProperties() throws Exception {
        ChatResponse r = plan(Fixtures.canned("text"), request("m", "Weather?", b -> b.set("tools", read(WEATHER))))
                .response();

        JsonNode call = r.choices().getFirst().toolCalls().get(0);
        assertThat(r.finishReason()).contains("tool_calls");
        assertThat(r.choices().getFirst().content()).isNull();
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
        JsonNode args = Json.read(call.path("function").path("arguments").asText());
        assertThat(args.path("city").isTextual()).isTrue();
        assertThat(args.path("days").asInt()).isEqualTo(1);
        assertThat(args.path("unit").asText()).isEqualTo("celsius");
    }

    @Test
    void aStreamedToolCallAssemblesToTheSameCall() throws Exception {
        Plan plan = plan(Fixtures.canned("text"), request("m", "Weather?", b -> {
            b.set("tools", read(WEATHER));
            b.putObject("tool_choice").put("type", "function").putObject("function").put("name", "other");
        }));
        StreamAssembler assembler = new StreamAssembler();
        assembler.add(plan.roleChunk());
        for (int i = 0; i < plan.pieces().size(); i++) {
            assembler.add(plan.contentChunk(i));
        }
        assembler.add(plan.finishChunk());

        JsonNode call = assembler.toResponse().choices().getFirst().toolCalls().get(0);
        assertThat(call.path("function").path("name").asText()).isEqualTo("other");
        assertThat(call.path("id").asText()).startsWith("call_");
        assertThat(Json.read(call.path("function").path("arguments").asText()).isObject()).isTrue();
    }

    @Test
    void toolChoiceNoneGetsText() {
        ChatResponse r = plan(Fixtures.canned("plain"), request("m", "Weather?", b -> {
            b.set("tools", read(WEATHER));
            b.put("tool_choice", "none");
        })).response();

        assertThat(r.text()).isEqualTo("plain");
    }

    @Test
    void aJsonSchemaGetsValidJsonUnlessTheModelBreaksItsJson() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"when\":{\"type\":\"string\","
                + "\"format\":\"date\"},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}";
        ChatRequest request = request("m", "A city?", b -> b.putObject("response_format").put("type", "json_schema")
                .putObject("json_schema").put("name", "x").set("schema", read(schema)));

        JsonNode valid = Json.read(plan(Fixtures.canned("t"), request).response().text());
        String broken = plan(Fixtures.canned("t").withInvalidJson(1), request).response().text();

        assertThat(valid.path("city").isTextual()).isTrue();
        assertThat(valid.path("when").asText()).isEqualTo("2024-01-01");
        assertThat(valid.path("tags").get(0).isTextual()).isTrue();
        assertThatThrownBy(() -> Json.read(broken)).isInstanceOf(Exception.class);
    }

    @Test
    void nChoicesAreAnsweredAndEachIsCounted() {
        Plan one = plan(Fixtures.canned("four words of text"), request("m", "x"));
        Plan three = plan(Fixtures.canned("four words of text"), request("m", "x", b -> b.put("n", 3)));

        assertThat(three.response().choices()).extracting(ChatResponse.Choice::index).containsExactly(0, 1, 2);
        assertThat(three.contentChunk(0).choices()).extracting(ChatChunk.Delta::index).containsExactly(0, 1, 2);
        assertThat(three.usage().completionTokens()).isEqualTo(3 * one.usage().completionTokens());
    }

    @Test
    void theAnswerStopsBeforeTheFirstStopSequence() {
        ChatResponse r = plan(Fixtures.canned("one two STOP three END four"),
                request("m", "x", b -> b.putArray("stop").add("END").add("STOP"))).response();

        assertThat(r.text()).isEqualTo("one two ");
        assertThat(r.finishReason()).contains("stop");
    }

    private static JsonNode read(String json) {
        try {
            return Json.read(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
