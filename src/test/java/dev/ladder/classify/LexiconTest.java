package dev.ladder.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LexiconTest {

    @Test
    void theDefaultVocabularyBuildsWithEveryCueKind() {
        assertThat(Vocabulary.LISTS).containsOnlyKeys(Cue.values());
        assertThat(Vocabulary.LEXICON.size()).isGreaterThan(500);
    }

    @Test
    void aWordAndItsPluralAreOneEntry() {
        Lexicon lexicon = Lexicon.builder().add("race condition", Cue.DOMAIN, 1.5).build();

        assertThat(Lexicon.strength(cuesOf(lexicon, "race conditions"), Cue.DOMAIN)).isEqualTo(1.5);
        assertThatThrownBy(() -> Lexicon.builder().add("transaction", Cue.DOMAIN, 1).add("transactions", Cue.CODE, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plural");
    }

    @Test
    void oneEntryMayCarrySeveralCues() {
        Lexicon lexicon = Lexicon.builder().add("prove", Cue.REASONING, 1.5).add("prove", Cue.TASK, 1).build();

        long packed = cuesOf(lexicon, "prove");
        assertThat(Lexicon.strength(packed, Cue.REASONING)).isEqualTo(1.5);
        assertThat(Lexicon.strength(packed, Cue.TASK)).isEqualTo(1.0);
        assertThat(Lexicon.strength(packed, Cue.DOMAIN)).isZero();
    }

    @Test
    void rejectsEntriesTheScannerCouldNeverMatch() {
        assertRejected("o(n)", "unexpected character");
        assertRejected("Prove", "unexpected character");
        assertRejected("what is the capital", "at most 3 words");
        assertRejected("step  by", "exactly one space");
        assertRejected("1984", "numbers are matched by #");
        assertRejected("#", "pseudo-word alone");
        assertRejected("how ^", "^ may only start");
    }

    @Test
    void rejectsStrengthsOutsideTheQuarterPointScale() {
        assertThatThrownBy(() -> Lexicon.builder().add("prove", Cue.REASONING, 0)).hasMessageContaining("points");
        assertThatThrownBy(() -> Lexicon.builder().add("prove", Cue.REASONING, 4)).hasMessageContaining("points");
        assertThatThrownBy(() -> Lexicon.builder().add("prove", Cue.REASONING, 0.3)).hasMessageContaining("points");
    }

    @Test
    void rejectsTheSamePhraseListedTwiceForOneCue() {
        assertThatThrownBy(() -> Lexicon.builder().add("prove", Cue.REASONING, 1).add("prove", Cue.REASONING, 1))
                .hasMessageContaining("listed twice as REASONING");
    }

    @Test
    void aVocabularyListNeedsItsStrengthFirst() {
        assertThatThrownBy(() -> Vocabulary.build(Map.of(Cue.CODE, "def, fn")))
                .hasMessageContaining("starts with 'points:'");
    }

    private static void assertRejected(String phrase, String message) {
        assertThatThrownBy(() -> Lexicon.builder().add(phrase, Cue.CODE, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    /** The cues the scanner finds in {@code text} with {@code lexicon}, as a packed value of quarter points. */
    private static long cuesOf(Lexicon lexicon, String text) {
        Tally tally = new Tally();
        new TextScan(lexicon, tally).scan(text, 1 << 16);
        long packed = 0;
        for (Cue cue : Cue.values()) {
            packed |= (long) (tally.cue(cue) * 4) << (cue.ordinal() * 4);
        }
        return packed;
    }
}
