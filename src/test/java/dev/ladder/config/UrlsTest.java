package dev.ladder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlsTest {

    @Test
    void anHttpOrHttpsUrlIsKeptWithoutTrailingSlashes() {
        assertThat(Urls.parseBaseUrl("https://api.openai.com/v1/")).isEqualTo(URI.create("https://api.openai.com/v1"));
        assertThat(Urls.parseBaseUrl("http://localhost:8000")).isEqualTo(URI.create("http://localhost:8000"));
        assertThat(Urls.parseBaseUrl("HTTPS://Example.com/")).isEqualTo(URI.create("https://Example.com"));
    }

    @Test
    void aRelativeUrlOrOtherSchemeIsRejectedSayingWhatIsWrong() {
        assertThatThrownBy(() -> Urls.parseBaseUrl("api.openai.com/v1"))
                .hasMessage("has no scheme; " + Urls.EXPECTED);
        assertThatThrownBy(() -> Urls.parseBaseUrl("ftp://example.com"))
                .hasMessage("must start with http:// or https://; " + Urls.EXPECTED);
        assertThatThrownBy(() -> Urls.parseBaseUrl("https:///v1")).hasMessage("has no host; " + Urls.EXPECTED);
        assertThatThrownBy(() -> Urls.parseBaseUrl("https://exa mple.com"))
                .hasMessage("is not a valid URL (illegal character in authority at character 12); " + Urls.EXPECTED);
    }

    /** Issue 10, item 5: the text of a base URL is never quoted, since a misplaced API key ends up there. */
    @ParameterizedTest
    @ValueSource(strings = {"sk-live-4f8a1c9e2b7d", "sk:sk-live-4f8a1c9e2b7d", "https://x.com/v1?key=sk-live-4f8a1c9e2b7d",
            "https://x.com/v1#sk-live-4f8a1c9e2b7d", "https://x.com/sk-live-4f8a1c9e2b7d v1",
            "https://sk-live-4f8a1c9e2b7d@x.com", "https://sk:live-4f8a1c9e2b7d@x_y.com", "//sk-live-4f8a1c9e2b7d"})
    void noRejectionQuotesTheUrl(String url) {
        assertThatThrownBy(() -> Urls.parseBaseUrl(url)).message().doesNotContain("4f8a1c9e2b7d");
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

    /** Issue 15: an Azure resource URL keeps its ?api-version=, and only that query. */
    @Test
    void anAzureUrlKeepsOnlyItsApiVersionQuery() {
        assertThat(Urls.parseAzureBaseUrl("https://r.openai.azure.com/?api-version=2025-01-01-preview"))
                .isEqualTo(URI.create("https://r.openai.azure.com?api-version=2025-01-01-preview"));
        assertThatThrownBy(() -> Urls.parseAzureBaseUrl("https://r.openai.azure.com/?api-key=sk-live-4f8a1c9e2b7d"))
                .message().startsWith("must not have a query or fragment other than ?api-version=")
                .doesNotContain("4f8a1c9e2b7d");
        assertThatThrownBy(() -> Urls.parseBaseUrl("https://r.openai.azure.com/?api-version=2024-10-21"))
                .hasMessageStartingWith("must not have a query or fragment;");
    }
}
