package dev.ladder.providers.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.providers.simulated.TokenizedText.Piece;
import dev.ladder.wire.Tokens;
import org.junit.jupiter.api.Test;

class TokenizedTextTest {

    private static final String MIXED = "Héllo 日本語の文章です 🤖🎉 done.";

    @Test
    void tokensAreTheTokenizersAndPiecesConcatenateToTheText() {
        TokenizedText t = TokenizedText.of(MIXED);

        assertThat(t.tokenCount()).isEqualTo(Tokens.count(MIXED));
        assertThat(t.text()).isEqualTo(MIXED);
        assertThat(t.pieces().stream().mapToInt(Piece::tokenCount).sum()).isEqualTo(t.tokenCount());
    }

    @Test
    void tokensThatSplitACharacterAreGroupedIntoOnePieceOfValidText() {
        TokenizedText t = TokenizedText.of(MIXED);

        assertThat(t.pieces()).allSatisfy(p -> assertThat(p.text()).doesNotContain("\uFFFD"));
        assertThat(t.pieces()).anySatisfy(p -> assertThat(p.tokenCount()).isGreaterThan(1));
        assertThat(t.tokens()).anySatisfy(tok -> assertThat(tok.text()).contains("\uFFFD"));
    }

    @Test
    void truncationKeepsWholePiecesWithinTheTokenLimit() {
        TokenizedText t = TokenizedText.of("one two three four five six");

        TokenizedText cut = t.truncate(3);

        assertThat(cut.tokenCount()).isEqualTo(3);
        assertThat(cut.text()).isEqualTo("one two three");
        assertThat(t.truncate(100)).isSameAs(t);
    }

    @Test
    void truncationNeverEndsInsideACharacter() {
        TokenizedText t = TokenizedText.of("🤖🤖🤖");

        for (int max = 0; max <= t.tokenCount(); max++) {
            assertThat(t.truncate(max).text()).doesNotContain("\uFFFD");
            assertThat(t.truncate(max).tokenCount()).isLessThanOrEqualTo(max);
        }
    }

    @Test
    void specialTokenTextIsEncodedAsOrdinaryText() {
        TokenizedText t = TokenizedText.of("end <|endoftext|> here");

        assertThat(t.text()).isEqualTo("end <|endoftext|> here");
        assertThat(t.tokenCount()).isGreaterThan(3);
    }
}
