package dev.ladder.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextScanTest {

    private static final Encoding CL100K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    @Test
    void estimatesTokensWithinAQuarterOfCl100kOnProseAndCode() {
        List<String> texts = new ArrayList<>(Prompts.MEDIUM);
        texts.addAll(Prompts.COMPLEX);
        double estimated = 0;
        double actual = 0;
        for (String text : texts) {
            Tally t = scan(text);
            int real = CL100K.countTokens(text);
            assertThat(t.tokens).as(text).isCloseTo(real, within(Math.max(4, real * 0.25)));
            estimated += t.tokens;
            actual += real;
        }
        assertThat(estimated / actual).isCloseTo(1.0, within(0.1));
    }

    @Test
    void findsCueWordsWhateverTheirCaseAndNumber() {
        assertThat(scan("Find the RACE CONDITIONS here.").cue(Cue.DOMAIN)).isEqualTo(1.5);
        assertThat(scan("find the race condition here").cue(Cue.DOMAIN)).isEqualTo(1.5);
    }

    @Test
    void matchesWholeWordsOnly() {
        assertThat(scan("a classic, undefined, unproven result").cue(Cue.CODE)).isZero();
        assertThat(scan("a classic, undefined, unproven result").cue(Cue.REASONING)).isZero();
    }

    @Test
    void matchesPhrasesAcrossHyphensQuotesAndEmphasisButNotAcrossCommas() {
        assertThat(scan("solve it step-by-step").cue(Cue.REASONING)).isEqualTo(1.5);
        assertThat(scan("solve it **step by step**").cue(Cue.REASONING)).isEqualTo(1.5);
        assertThat(scan("the next step, by step four").cue(Cue.REASONING)).isZero();
    }

    @Test
    void matchesSentenceStartPhrasesOnlyAtTheStartOfASentence() {
        assertThat(scan("Is it raining?").cue(Cue.SHALLOW)).isEqualTo(1.0);
        assertThat(scan("It rained. Is it over?").cue(Cue.SHALLOW)).isEqualTo(1.0);
        assertThat(scan("This is it").cue(Cue.SHALLOW)).isZero();
    }

    @Test
    void readsAnyNumberAsTheNumberPseudoWord() {
        assertThat(scan("answer in 200 words").cue(Cue.CONSTRAINT)).isEqualTo(1.5);
        assertThat(scan("answer in 35 words").cue(Cue.CONSTRAINT)).isEqualTo(1.5);
        assertThat(scan("answer in many words").cue(Cue.CONSTRAINT)).isZero();
    }

    @Test
    void keepsApostrophesInsideWords() {
        assertThat(scan("don't").cue(Cue.CONSTRAINT)).isEqualTo(1.0);
        assertThat(scan("don\u2019t").cue(Cue.CONSTRAINT)).isEqualTo(1.0);
        assertThat(scan("'quoted'").words).isEqualTo(1);
    }

    @Test
    void countsEnumeratedLines() {
        String text = """
                Please:
                1. parse it
                2) validate it
                  - log it
                * store it
                (a) one more
                b) and another
                3.14 is not an item
                e.g. neither is this
                -- nor this
                """;
        assertThat(scan(text).listItems).isEqualTo(6);
    }

    @Test
    void countsQuestionMarks() {
        assertThat(scan("Why? How so?! It works. Is it?").questions).isEqualTo(3);
    }

    @Test
    void countsCodeStructure() {
        Tally t = scan("""
                ```java
                if (count == 0 && !done) {
                    userName = System.getenv("USER");
                    throw new IllegalStateException(user_name);
                }
                ```
                """);
        assertThat(t.fences).isEqualTo(2);
        assertThat(t.codeLines).isEqualTo(4);
        assertThat(t.indentedLines).isEqualTo(2);
        assertThat(t.operators).isEqualTo(2);
        assertThat(t.identifiers).as("userName, IllegalStateException, user_name").isEqualTo(3);
        assertThat(t.calls).as("getenv(, IllegalStateException(").isEqualTo(2);
        assertThat(t.dotted).as("System.getenv").isEqualTo(1);
        assertThat(t.errorNames).as("IllegalStateException").isEqualTo(1);
        assertThat(t.inlineCode).isZero();
    }

    @Test
    void proseHasNoCodeStructure() {
        Tally t = scan("I went to the market (the one near the station) and bought apples. Then I went home.");
        assertThat(t.fences + t.codeLines + t.operators + t.identifiers + t.calls + t.dotted + t.errorNames).isZero();
    }

    @Test
    void scansTheHeadAndTailOfALongTextAndSkipsItsMiddle() {
        String middle = "lorem ipsum dolor sit amet ".repeat(2_000);
        String text = "Prove it. " + middle + " race condition " + middle + " Answer in JSON.";
        Tally t = new Tally();
        new TextScan(Vocabulary.LEXICON, t).scan(text, 4096);

        assertThat(t.chars).isLessThanOrEqualTo(4096);
        assertThat(t.cue(Cue.REASONING)).as("head").isPositive();
        assertThat(t.cue(Cue.CONSTRAINT)).as("tail").isPositive();
        assertThat(t.cue(Cue.DOMAIN)).as("middle").isZero();
    }

    @Test
    void extrapolatesTheFullLengthFromTheScannedPart() {
        String text = "word ".repeat(10_000);
        Tally t = new Tally();
        new TextScan(Vocabulary.LEXICON, t).scan(text, 4096);

        assertThat(t.tokens).isLessThan(1_000);
        assertThat(t.fullTokens).isCloseTo(10_000, within(500.0));
    }

    @Test
    void countsEachIdeographAsAWordAndAToken() {
        Tally t = scan("请解释分布式系统");
        assertThat(t.words).isEqualTo(8);
        assertThat(t.tokens).isEqualTo(8);
    }

    @Test
    void addsUpSeveralTexts() {
        Tally t = new Tally();
        TextScan scan = new TextScan(Vocabulary.LEXICON, t);
        scan.scan("1. prove the race condition?", 1024);
        scan.scan("1. prove the race condition?", 1024);

        assertThat(t.words).isEqualTo(10);
        assertThat(t.listItems).isEqualTo(2);
        assertThat(t.questions).isEqualTo(2);
        assertThat(t.cue(Cue.DOMAIN)).isEqualTo(3.0);
        assertThat(t.fullTokens).isEqualTo(t.tokens);
    }

    @Test
    void survivesDegenerateInput() {
        for (String text : List.of("", " ", "\n\n\n", "{".repeat(50_000), "\uD83D\uDE00".repeat(1_000), "'", "`",
                "a_", "_", "é".repeat(100), "\u0000\uFFFF")) {
            Tally t = new Tally();
            new TextScan(Vocabulary.LEXICON, t).scan(text, 8192);
            assertThat(t.fullTokens).isFinite().isNotNegative();
        }
    }

    private static Tally scan(String text) {
        Tally t = new Tally();
        new TextScan(Vocabulary.LEXICON, t).scan(text, 1 << 20);
        return t;
    }
}
