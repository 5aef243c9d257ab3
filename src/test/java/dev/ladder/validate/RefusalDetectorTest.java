package dev.ladder.validate;

import static dev.ladder.validate.Exchanges.answer;
import static dev.ladder.validate.Exchanges.ask;
import static dev.ladder.validate.Exchanges.json;
import static dev.ladder.validate.Exchanges.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.ChatResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RefusalDetectorTest {

    private static final RefusalDetector DETECTOR = new RefusalDetector();
    private static final String LONG_TAIL = " Here is the full explanation you asked for. ".repeat(12);

    @ParameterizedTest
    @ValueSource(strings = {
        "I can't help with that.",
        "I cannot assist with creating malware.",
        "I’m unable to provide that information.",
        "I am not able to help with this request.",
        "I'm sorry, but I can't help with that.",
        "Sorry, I cannot do that.",
        "I'm afraid I can't do that, Dave.",
        "As an AI language model, I cannot provide medical diagnoses.",
        "As an AI, I don't have the ability to browse the internet.",
        "I won't be able to help with that request.",
        "I must respectfully decline.",
        "This request violates my guidelines.",
        "I can't help with that, but I can suggest a safer alternative.",
    })
    void refusalsAreRecognised(String text) {
        assertThat(DETECTOR.validate(ask("q"), answer(text)))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.reason()).isEqualTo(Reason.REFUSAL));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "I can't help but notice that your loop never terminates: i is never incremented.",
        "I'm unable to find any bug in this function; it handles the empty list correctly.",
        "As an AI researcher would tell you, transformers scale with data.",
        "The function can't return null because every branch assigns result.",
        "You cannot assist a process that has already exited; check the PID first.",
        "Sorry for the confusion earlier: the answer is 42.",
        "I won't lie, this one is tricky. The integral evaluates to pi/4.",
        "Paris.",
        "#### 18",
        "Unable to connect errors usually mean the server is not listening on that port.",
    })
    void nearMissesAreAnswers(String text) {
        assertThat(DETECTOR.validate(ask("q"), answer(text))).isInstanceOf(Verdict.Pass.class);
    }

    @Test
    void aRefusalPhraseDeepInsideALongAnswerIsNotARefusal() {
        String text = "Here is how binary search works." + LONG_TAIL + "I can't stress enough: I cannot help with "
                + "off-by-one errors unless you test the bounds.";

        assertThat(DETECTOR.validate(ask("q"), answer(text))).isInstanceOf(Verdict.Pass.class);
    }

    @Test
    void aLongAnswerThatOpensWithARefusalIsARefusal() {
        String text = "I'm sorry, but I can't help with that." + LONG_TAIL;

        assertThat(DETECTOR.validate(ask("q"), answer(text))).isInstanceOf(Verdict.Fail.class);
    }

    @Test
    void aLongAnswerThatOpensWithACaveatIsAnAnswer() {
        String text = "I can't provide medical advice, but in general a fever above 39°C warrants a call." + LONG_TAIL;

        assertThat(DETECTOR.validate(ask("q"), answer(text))).isInstanceOf(Verdict.Pass.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t\n"})
    void emptyOrWhiteSpaceContentIsEmpty(String text) {
        assertThat(DETECTOR.validate(ask("q"), answer(text)))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.reason()).isEqualTo(Reason.EMPTY));
    }

    @Test
    void nullContentWithAToolCallIsAnAnswer() {
        ChatResponse toolCall = response(new ChatResponse.Choice(0, null, json("""
                [{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}]"""),
                null, "tool_calls", null));

        assertThat(DETECTOR.validate(ask("Weather in Oslo?"), toolCall)).isEqualTo(new Verdict.Pass(1.0, "tool call"));
    }

    @Test
    void nullContentWithoutAToolCallIsEmpty() {
        ChatResponse nothing = response(new ChatResponse.Choice(0, null, null, null, "stop", null));

        assertThat(DETECTOR.validate(ask("q"), nothing))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.reason()).isEqualTo(Reason.EMPTY));
    }

    @Test
    void theContentFilterIsARefusalWhateverTheText() {
        assertThat(DETECTOR.validate(ask("q"), answer("Here is part of", "content_filter")))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.message()).contains("content filter"));
    }

    @Test
    void theRefusalFieldIsARefusal() {
        ChatResponse refused = response(new ChatResponse.Choice(0, null, null, "I can't comply with that schema.",
                "stop", null));

        assertThat(DETECTOR.validate(ask("q"), refused))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.reason()).isEqualTo(Reason.REFUSAL));
    }

    @Test
    void anAnswerCutAtTheModelsTokenLimitIsTruncated() {
        assertThat(DETECTOR.validate(ask("q"), answer("Step 1: 16 - 3 = 13. Step 2: 13 - 4 =", "length")))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.reason()).isEqualTo(Reason.TRUNCATED));
    }

    @Test
    void anAnswerCutAtTheRequestsOwnMaxTokensIsTheCallersChoice() {
        assertThat(DETECTOR.validate(ask("q", "{\"max_tokens\": 12}"), answer("Step 1: 16 - 3 = 13. Step", "length")))
                .isEqualTo(new Verdict.Pass(1.0, "an answer cut at the request's max_tokens"));
    }
}
