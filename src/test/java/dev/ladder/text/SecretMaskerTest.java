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
}
