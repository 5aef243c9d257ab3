package dev.ladder.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 11: credentials in prompts and upstream errors are masked before they are stored or shown. */
class SecretMaskerTest {

    @ParameterizedTest
    @ValueSource(strings = {"my password hunter2 ok", "password: hunter2", "PASSWORD=hunter2", "pwd is hunter2",
            "the api_key=hunter2"})
    void aLabelledPasswordLosesItsValue(String text) {
        assertThat(SecretMasker.mask(text)).doesNotContain("hunter2").contains(SecretMasker.MASK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sk-proj-Ab3dEf6hIj9kLm2nOp5q", "sk-ant-api03-abcdefghij", "sk-ladder-0a1B2c3D4e5F6g",
            "sk-proj-abc*********wxyz", "AKIAIOSFODNN7EXAMPLE", "ghp_0123456789abcdefghijABCDEFGHIJ"})
    void keysAreMaskedByPatternIncludingStarredEchoes(String key) {
        String text = "Incorrect API key provided: " + key + ". You can find your key at ...";
        assertThat(SecretMasker.mask(text)).doesNotContain(key).contains(SecretMasker.MASK)
                .startsWith("Incorrect API key provided: ");
    }

    @Test
    void aBearerTokenAndAHighEntropyRunAreMasked() {
        assertThat(SecretMasker.mask("Authorization: Bearer abc.def-ghi_123")).isEqualTo("Authorization: Bearer "
                + SecretMasker.MASK);
        assertThat(SecretMasker.mask("use Zx9Qm2Lp7Rt4Wv8Ky3Nb6Hc1 here")).isEqualTo("use " + SecretMasker.MASK
                + " here");
    }

    @Test
    void ordinaryTextIsLeftAloneAndComesBackAsTheSameInstance() {
        String text = "What is the capital of France? Explain internationalization_and_localization in 3 steps.";
        assertThat(SecretMasker.mask(text)).isSameAs(text);
    }

    @Test
    void aUserIdIsHashedStablyAndNotReadably() {
        assertThat(SecretMasker.hashed("alice@example.com")).isEqualTo(SecretMasker.hashed("alice@example.com"))
                .startsWith("u_").doesNotContain("alice").hasSize(14);
    }

    /**
     * The pre-check that spares most texts the regular expressions never changes an answer: over texts built from
     * fragments of every pattern (keys, labels in any case, runs, separators), mask equals the patterns alone.
     */
    @Test
    void thePreCheckNeverHidesASecretThePatternsWouldMask() {
        String[] parts = {"sk-", "pk-", "rk-", "AKIA", "IOSFODNN7EXAMPLE", "ghp_", "gho_", "xoxb-", "AIza", "Bearer",
            "bEaReR ", "PassWord", " is ", "pwd", "Secret", "TOKEN", "api_key", "Api-Key", "access-key", "=", ": ",
            " ", ".", "\"", "hunter2", "Zx9Qm2Lp7Rt4", "Wv8Ky3Nb6Hc1", "abcdefghij", "0123456789", "+/_=-", "\u00e9",
            "K", "\u017f", "\u212a", "gh", "_", "-", "x", "7", "capital", "(", "\n"};
        java.util.Random random = new java.util.Random(16);
        int masked = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(12); k >= 0; k--) {
                b.append(parts[random.nextInt(parts.length)]);
            }
            String text = b.toString();
            String expected = SecretMasker.maskByPatterns(text);
            assertThat(SecretMasker.mask(text)).as(text).isEqualTo(expected);
            masked += expected.equals(text) ? 0 : 1;
        }
        assertThat(masked).as("texts the patterns changed").isGreaterThan(1_000);
    }

    @Test
    void aPlainPromptSkipsThePatterns() {
        assertThat(SecretMasker.mayHoldSecret("In two sentences, explain what an LLM gateway does and why teams put"
                + " one in front of their model providers.")).isFalse();
        assertThat(SecretMasker.mayHoldSecret("What is the capital of France?")).isFalse();
        assertThat(SecretMasker.mayHoldSecret("my PASSWORD")).isTrue();
    }
}
