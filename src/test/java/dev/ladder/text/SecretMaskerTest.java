package dev.ladder.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Credentials in free text are masked before a log line carries them; ordinary words are left alone. */
class SecretMaskerTest {

    @Test
    void keysTokensAndKeyValuePairsAreMasked() {
        assertThat(SecretMasker.mask("Incorrect API key provided: sk-proj-AbC123xyz_7890. Try again."))
                .isEqualTo("Incorrect API key provided: sk-****. Try again.");
        assertThat(SecretMasker.mask("invalid x-api-key sk-ant-api03-abcdefghij"))
                .isEqualTo("invalid x-api-key sk-****");
        assertThat(SecretMasker.mask("sent Authorization: Bearer eyJhbGciOi.JIUzI1NiJ9")).isEqualTo(
                "sent Authorization: Bearer ****");
        assertThat(SecretMasker.mask("url?api_key=hunter22&x=1")).isEqualTo("url?api_key=****&x=1");
        assertThat(SecretMasker.mask("{\"access_token\": \"abcd1234\"}")).isEqualTo("{\"access_token\": \"****\"}");
    }

    @Test
    void textWithoutCredentialsComesBackAsTheSameInstance() {
        String plain = "the skeleton key sk- was a bearer of bad news; task-force sk-1";
        assertThat(SecretMasker.mask(plain)).isSameAs(plain);
        assertThat(SecretMasker.mask(null)).isEmpty();
    }
}
