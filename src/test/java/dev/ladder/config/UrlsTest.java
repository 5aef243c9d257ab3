package dev.ladder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UrlsTest {

    @Test
    void anHttpOrHttpsUrlIsKeptWithoutTrailingSlashes() {
        assertThat(Urls.parseBaseUrl("https://api.openai.com/v1/")).isEqualTo(URI.create("https://api.openai.com/v1"));
        assertThat(Urls.parseBaseUrl("http://localhost:8000")).isEqualTo(URI.create("http://localhost:8000"));
        assertThat(Urls.parseBaseUrl("HTTPS://Example.com/")).isEqualTo(URI.create("https://Example.com"));
    }

    @Test
    void aRelativeUrlOrOtherSchemeIsRejectedShowingIt() {
        assertThatThrownBy(() -> Urls.parseBaseUrl("api.openai.com/v1"))
                .hasMessage(Urls.EXPECTED + ", got 'api.openai.com/v1'");
        assertThatThrownBy(() -> Urls.parseBaseUrl("ftp://example.com")).hasMessageStartingWith(Urls.EXPECTED);
        assertThatThrownBy(() -> Urls.parseBaseUrl("https://exa mple.com")).hasMessageStartingWith(Urls.EXPECTED);
    }

    @Test
    void aUrlWithCredentialsIsRejectedWithoutShowingThem() {
        assertThatThrownBy(() -> Urls.parseBaseUrl("https://user:hunter2@example.com"))
                .hasMessage("must not hold credentials; put them in api_key or headers");
        assertThatThrownBy(() -> Urls.parseBaseUrl("https://user:hunter 2@example.com"))
                .message().doesNotContain("hunter");
    }

    @Test
    void aQueryOrFragmentIsRejected() {
        assertThatThrownBy(() -> Urls.parseBaseUrl("https://example.com/v1?x=1"))
                .hasMessageStartingWith("must not have a query or fragment");
    }
}
