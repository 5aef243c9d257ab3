package dev.ladder.providers.anthropic;

import static dev.ladder.providers.TestCalls.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.Failure;
import dev.ladder.model.Usage;
import dev.ladder.providers.ProviderKind;
import dev.ladder.providers.StreamDecoder.Step;
import dev.ladder.providers.TestCalls;
import dev.ladder.providers.UpstreamFailures;
import dev.ladder.wire.SseEvent;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnthropicStreamDecoderTest {

    private final AnthropicStreamDecoder decoder = new AnthropicStreamDecoder(UpstreamFailures.of(
            TestCalls.config("anthropic", ProviderKind.ANTHROPIC, URI.create("http://h")), Clock.systemUTC()), 99);

    @Test
    void messageStartYieldsTheAssistantRoleWithIdAndModel() {
        Step s = decode("message_start", FakeAnthropicServer.messageStart("msg_1", "claude-x", 25));

        ChatChunk c = only(s);
        assertThat(c.id()).isEqualTo("msg_1");
        assertThat(c.model()).isEqualTo("claude-x");
        assertThat(c.created()).isEqualTo(99);
        assertThat(c.choices().getFirst().role()).isEqualTo("assistant");
        assertThat(c.usage()).isEmpty();
    }

    @Test
    void textDeltasBecomeContentAndPingsAndBlockStopsYieldNothing() {
        decode("message_start", FakeAnthropicServer.messageStart("msg_1", "claude-x", 25));

        assertThat(only(decode("content_block_delta", FakeAnthropicServer.textDelta(0, "Hi"))).choices().getFirst()
                .content()).isEqualTo("Hi");
        assertThat(decode("ping", "{\"type\":\"ping\"}")).isEqualTo(Step.NOTHING);
        assertThat(decode("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")).isEqualTo(Step.NOTHING);
        assertThat(decode("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}")).isEqualTo(Step.NOTHING);
        assertThat(decode("brand_new_event", "{\"type\":\"brand_new_event\",\"x\":1}")).isEqualTo(Step.NOTHING);
    }

    @Test
    void toolUseBlocksAreNumberedByToolOrdinalNotBlockIndex() {
        decode("message_start", FakeAnthropicServer.messageStart("msg_1", "claude-x", 25));
        decode("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                + "{\"type\":\"text\",\"text\":\"\"}}");

        ChatChunk start = only(decode("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,"
                + "\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{}}}"));
        ChatChunk args = only(decode("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
                + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\":1}\"}}"));

        assertThat(start.choices().getFirst().toolCalls().get(0).path("index").asInt()).isZero();
        assertThat(start.choices().getFirst().toolCalls().get(0).path("id").asText()).isEqualTo("toolu_1");
        assertThat(start.choices().getFirst().toolCalls().get(0).path("function").path("name").asText()).isEqualTo("f");
        assertThat(start.choices().getFirst().toolCalls().get(0).path("function").path("arguments").asText()).isEmpty();
        assertThat(args.choices().getFirst().toolCalls().get(0).path("index").asInt()).isZero();
        assertThat(args.choices().getFirst().toolCalls().get(0).path("function").path("arguments").asText())
                .isEqualTo("{\"a\":1}");
    }

    @Test
    void messageDeltaCarriesTheFinishReasonAndMessageStopTheUsageAndTheEnd() {
        decode("message_start", FakeAnthropicServer.messageStart("msg_1", "claude-x", 25));

        ChatChunk finish = only(decode("message_delta", FakeAnthropicServer.messageDelta("max_tokens", 64)));
        Step stop = decode("message_stop", FakeAnthropicServer.MESSAGE_STOP);

        assertThat(finish.choices().getFirst().finishReason()).isEqualTo("length");
        assertThat(stop.end()).isTrue();
        assertThat(only(stop).choices()).isEmpty();
        assertThat(only(stop).usage()).isEqualTo(Optional.of(new Usage(25, 64)));
    }

    @Test
    void anErrorEventIsTheFailureItsTypeStandsFor() {
        assertThat(failureOf(() -> decode("error", FakeAnthropicServer.error("overloaded_error", "Overloaded"))))
                .isInstanceOfSatisfying(Failure.UpstreamError.class, e -> assertThat(e.status()).isEqualTo(529));
        assertThat(failureOf(() -> decode("error", FakeAnthropicServer.error("rate_limit_error", "slow"))))
                .isInstanceOf(Failure.RateLimited.class);
    }

    @Test
    void argumentsForABlockThatIsNoToolAreMalformed() {
        assertThat(failureOf(() -> decode("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":3,"
                + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}")))
                .isInstanceOf(Failure.UpstreamMalformed.class);
    }

    private Step decode(String event, String data) {
        return decoder.decode(new SseEvent(event, data));
    }

    private static ChatChunk only(Step s) {
        assertThat(s.chunks()).hasSize(1);
        return s.chunks().getFirst();
    }
}
