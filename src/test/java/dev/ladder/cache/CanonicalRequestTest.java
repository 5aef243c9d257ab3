package dev.ladder.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.wire.OpenAiRequests;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CanonicalRequestTest {

    static ChatRequest request(String json) {
        return OpenAiRequests.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static String hash(String json) {
        return CanonicalRequest.exactHash(request(json), RequestContext.EMPTY);
    }

    private static final String BASE = "{\"model\":\"m\",\"temperature\":0.5,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}]}";

    @Test
    void key_order_number_spelling_and_delivery_fields_do_not_change_the_hash() {
        assertThat(hash("{\"messages\":[{\"content\":\"hi\",\"role\":\"user\"}],\"temperature\":0.50,\"model\":\"m\","
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"user\":\"u-1\","
                + "\"metadata\":{\"a\":\"b\"},\"store\":true}")).isEqualTo(hash(BASE));
    }

    @Test
    void every_parameter_that_changes_the_answer_changes_the_hash() {
        String[] variants = {
                BASE.replace("0.5", "0.6"),
                BASE.replace("\"model\":\"m\"", "\"model\":\"n\""),
                BASE.replace("\"hi\"", "\"hi!\""),
                BASE.replace("{\"model\"", "{\"top_p\":0.9,\"model\""),
                BASE.replace("{\"model\"", "{\"seed\":7,\"model\""),
                BASE.replace("{\"model\"", "{\"stop\":[\"x\"],\"model\""),
                BASE.replace("{\"model\"", "{\"max_tokens\":10,\"model\""),
                BASE.replace("{\"model\"", "{\"n\":2,\"model\""),
                BASE.replace("{\"model\"", "{\"logprobs\":true,\"model\""),
                BASE.replace("{\"model\"", "{\"response_format\":{\"type\":\"json_object\"},\"model\""),
                BASE.replace("{\"model\"", "{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"model\""),
                BASE.replace("{\"model\"", "{\"tool_choice\":\"none\",\"model\""),
                BASE.replace("{\"model\"", "{\"some_new_vendor_field\":1,\"model\""),
                BASE.replace("[{\"role\"", "[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\""),
        };
        for (String v : variants) {
            assertThat(hash(v)).as(v).isNotEqualTo(hash(BASE));
        }
    }

    @Test
    void routing_hints_are_part_of_the_key() {
        RequestContext forced = new RequestContext(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Tier.COMPLEX), Optional.empty(), Optional.empty(), Optional.empty());

        assertThat(CanonicalRequest.exactHash(request(BASE), forced)).isNotEqualTo(hash(BASE));
    }

    @Test
    void the_context_hash_ignores_the_last_user_turn_only() {
        String a = "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\","
                + "\"content\":\"first question\"}]}";
        String b = a.replace("first question", "another question");
        String c = a.replace("\"s\"", "\"t\"");

        assertThat(CanonicalRequest.contextHash(request(a), RequestContext.EMPTY))
                .isEqualTo(CanonicalRequest.contextHash(request(b), RequestContext.EMPTY))
                .isNotEqualTo(CanonicalRequest.contextHash(request(c), RequestContext.EMPTY));
    }

    @Test
    void only_a_plain_text_user_turn_can_be_matched_semantically() {
        assertThat(CanonicalRequest.lastUserTurn(request(BASE))).contains("hi");
        assertThat(CanonicalRequest.lastUserTurn(request("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"look\"},{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"http://x/y.png\"}}]}]}"))).isEmpty();
        assertThat(CanonicalRequest.lastUserTurn(request("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}]}"))).isEmpty();
    }
}
