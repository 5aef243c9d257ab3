package dev.ladder.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void stringsEscapeQuotesBackslashesAndControlCharacters() {
        assertThat(JsonText.appendString(new StringBuilder("x="), "plain").toString()).isEqualTo("x=\"plain\"");
        assertThat(JsonText.appendString(new StringBuilder(), "a\"b\\c\nd\re\tf\u0001g\u001fé€").toString())
                .isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fé€\"");
    }

    /** Whatever the text, Jackson reads the literal back as the same string. */
    @Test
    void everyStringReadsBackTheSame() throws Exception {
        Random random = new Random(16);
        for (int n = 0; n < 5_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(20); k > 0; k--) {
                text.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0xd800)));
            }
            String literal = JsonText.appendString(new StringBuilder(), text.toString()).toString();
            assertThat(MAPPER.readValue(literal, String.class)).isEqualTo(text.toString());
        }
    }

    @Test
    void numbersAreShortestRoundTripTextAndNonFiniteOnesAreStringsJacksonReadsBack() throws Exception {
        assertThat(JsonText.appendNumber(new StringBuilder(), 0.25).toString()).isEqualTo("0.25");
        assertThat(JsonText.appendNumber(new StringBuilder(), 1.0E-7).toString()).isEqualTo("1.0E-7");
        for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
            Double.MIN_VALUE, Double.MAX_VALUE, 0.1 + 0.2}) {
            String literal = JsonText.appendNumber(new StringBuilder(), d).toString();
            assertThat(Double.valueOf(MAPPER.readTree(literal).asDouble())).as(literal).isEqualTo(Double.valueOf(d));
        }
    }
}
