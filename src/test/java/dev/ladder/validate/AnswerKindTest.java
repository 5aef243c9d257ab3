package dev.ladder.validate;

import static dev.ladder.validate.Exchanges.ask;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnswerKindTest {

    @Test
    void theKindIsDetectedFromTheQuestion() {
        assertThat(AnswerKind.detect(ask("Which is a mammal?\nA) shark\nB) whale\nC) trout\nD) eel")))
                .isEqualTo(AnswerKind.CHOICE);
        assertThat(AnswerKind.detect(ask("Write a python function to reverse a list."))).isEqualTo(AnswerKind.CODE);
        assertThat(AnswerKind.detect(ask("Tom has 3 apples and buys 4 more. How many apples does he have?")))
                .isEqualTo(AnswerKind.NUMBER);
        assertThat(AnswerKind.detect(ask("Describe the water cycle."))).isEqualTo(AnswerKind.TEXT);
        assertThat(AnswerKind.detect(ask("Give me the user", "{\"response_format\":{\"type\":\"json_object\"}}")))
                .isEqualTo(AnswerKind.JSON);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            B                                   | B
            (B)                                 | B
            B) wet palms                        | B
            **B**                               | B
            The answer is C.                    | C
            Answer: (d)                         | D
            I would pick option A here.         | A
            """)
    void choiceLettersAreReadInTheFormsModelsWrite(String answer, String letter) {
        assertThat(AnswerKind.CHOICE.key(answer)).contains(letter);
    }

    @Test
    void anAnswerWithoutALetterHasNoChoiceKey() {
        assertThat(AnswerKind.CHOICE.key("It depends on the humidity.")).isEmpty();
    }

    @Test
    void numbersAgreeWhateverTheirSpelling() {
        assertThat(AnswerKind.NUMBER.key("3 + 4 = 7, so the answer is 7.00")).contains("7");
        assertThat(AnswerKind.NUMBER.key("#### 1,200")).contains("1200");
        assertThat(AnswerKind.NUMBER.key("He has seven.")).isEmpty();
    }

    @Test
    void jsonAgreesWhateverTheKeyOrderAndFence() {
        String a = AnswerKind.JSON.key("{\"b\": 2.0, \"a\": [1, {\"y\": 1, \"x\": 0}]}").orElseThrow();
        String b = AnswerKind.JSON.key("```json\n{\"a\": [1, {\"x\": 0, \"y\": 1}], \"b\": 2}\n```").orElseThrow();
        assertThat(AnswerKind.JSON.agree(a, b)).isTrue();
        assertThat(AnswerKind.JSON.agree(a, AnswerKind.JSON.key("{\"a\": [1], \"b\": 2}").orElseThrow())).isFalse();
    }

    @Test
    void codeIsComparedWithoutCommentsBlankLinesAndIndentationAndBySharedTokens() {
        String a = AnswerKind.CODE.key("Here:\n```python\ndef f(x):\n    # double it\n    return x * 2\n```")
                .orElseThrow();
        String b = AnswerKind.CODE.key("```py\ndef f(x):\n\n  return x * 2  # done\n```").orElseThrow();
        String c = AnswerKind.CODE.key("```python\nimport sys\nprint(sys.argv[1:], end='')\n```").orElseThrow();
        assertThat(a).isEqualTo(b);
        assertThat(AnswerKind.CODE.agree(a, b)).isTrue();
        assertThat(AnswerKind.CODE.agree(a, c)).isFalse();
        assertThat(AnswerKind.CODE.agree(a, c, 0.01)).as("a looser overlap can be configured").isTrue();
    }

    @Test
    void freeTextAgreesWhenMostWordsAreShared() {
        String a = AnswerKind.TEXT.key("Paris is the capital of France.").orElseThrow();
        String b = AnswerKind.TEXT.key("The capital of France is Paris").orElseThrow();
        String c = AnswerKind.TEXT.key("Lyon, I believe, is the largest city in the south.").orElseThrow();
        assertThat(AnswerKind.TEXT.agree(a, b)).isTrue();
        assertThat(AnswerKind.TEXT.agree(a, c)).isFalse();
    }
}
