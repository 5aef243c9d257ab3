package dev.ladder.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> KEYS = List.of("kind", "base_url", "api_key", "connect_timeout", "headers");

    @Test
    void aSwapOfNeighbouringLettersIsOneEdit() {
        assertThat(Suggestions.distance("base_ulr", "base_url")).isEqualTo(1);
        assertThat(Suggestions.closest("base_ulr", KEYS)).contains("base_url");
    }

    @Test
    void typosCaseAndSeparatorsAreForgiven() {
        assertThat(Suggestions.closest("conect_timeout", KEYS)).contains("connect_timeout");
        assertThat(Suggestions.closest("API-KEY", KEYS)).contains("api_key");
        assertThat(Suggestions.closest("header", KEYS)).contains("headers");
    }

    @Test
    void nothingIsSuggestedWhenNothingIsClose() {
        assertThat(Suggestions.closest("timeout", KEYS)).isEmpty();
        assertThat(Suggestions.closest("xyz", KEYS)).isEmpty();
    }

    @Test
    void theUnknownNameMessageListsTheNamesWhenNoneIsClose() {
        assertThat(Suggestions.unknown("model", "gpt", List.of("fast", "big")))
                .isEqualTo("unknown model 'gpt'; expected one of fast, big");
        assertThat(Suggestions.unknown("model", "fsat", List.of("fast", "big")))
                .isEqualTo("unknown model 'fsat'; did you mean 'fast'?");
    }
}
