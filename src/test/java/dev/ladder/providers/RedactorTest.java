package dev.ladder.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void hidesTheApiKeyAndCredentialHeadersButNotOtherHeaders() {
        ProviderConfig config = new ProviderConfig("acme", ProviderKind.OPENAI, Optional.of(URI.create("http://h")),
                Optional.of(new Secret("sk-abc-123456")), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Map.of("X-Proxy-Authorization", "Bearer proxytoken99", "X-Team", "ladder-team"),
                Map.of());

        String out = Redactor.of(config).redact("key sk-abc-123456, proxy proxytoken99, team ladder-team");

        assertThat(out).isEqualTo("key ****, proxy ****, team ladder-team");
    }

    @Test
    void leavesTextAloneWhenThereIsNoSecret() {
        assertThat(new Redactor(java.util.List.of()).redact("plain text")).isEqualTo("plain text");
    }
}
