package dev.ladder.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.model.ChunkStream;
import dev.ladder.model.Failure;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpUpstreamTest {

    private final FakeUpstream fake = new FakeUpstream("/", (req, out) -> {
        out.startEvents();
        out.data("one");
        out.stall();
    }) {
    };

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void closingTheUpstreamStopsItsWatchdogThread() throws InterruptedException {
        HttpUpstream upstream = upstream("leakcheck", Map.of());
        HttpResponse<InputStream> response = upstream.open(upstream.post("/s", TestCalls.hello("leakcheck", "m", true),
                new byte[0], true, Map.of()), Duration.ofSeconds(2));
        ChunkStream stream = upstream.events(response, new EchoDecoder());
        // "one" decodes to nothing, then the upstream stalls into the idle timeout
        assertThat(TestCalls.failureOf(stream::next)).isInstanceOf(Failure.UpstreamTimeout.class);
        assertThat(watchdogAlive("leakcheck")).isTrue();

        upstream.close();

        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (watchdogAlive("leakcheck") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(watchdogAlive("leakcheck")).isFalse();
    }

    /** Without a proxy property the client skips the JVM's selector; with one, or a replaced selector, it asks. */
    @Test
    void theJvmsProxySelectorIsAskedOnlyWhenAProxyIsConfigured() {
        ProxySelector jdk = ProxySelector.getDefault();
        assertThat(HttpUpstream.PROXY_PROPERTIES).allSatisfy(p -> assertThat(System.getProperty(p)).as(p).isNull());
        assertThat(HttpUpstream.jvmProxyConfigured(jdk)).isFalse();
        assertThat(HttpUpstream.jvmProxyConfigured(ProxySelector.of(null))).isTrue();
        assertThat(HttpUpstream.jvmProxyConfigured(null)).isTrue();
        for (String property : HttpUpstream.PROXY_PROPERTIES) {
            try {
                System.setProperty(property, property.endsWith("Proxies") ? "false" : "proxy.example");
                assertThat(HttpUpstream.jvmProxyConfigured(jdk)).as(property).isEqualTo(!property.endsWith("Proxies"));
                System.setProperty(property, property.endsWith("Proxies") ? "true" : "proxy.example");
                assertThat(HttpUpstream.jvmProxyConfigured(jdk)).as(property).isTrue();
            } finally {
                System.clearProperty(property);
            }
        }
    }

    @Test
    void callsAfterCloseFailAsUnreachable() {
        HttpUpstream upstream = upstream("closed", Map.of());
        upstream.close();
        upstream.close();

        assertThat(TestCalls.failureOf(() -> upstream.send(upstream.post("/x", TestCalls.hello("closed", "m", false),
                new byte[0], false, Map.of()), Duration.ofSeconds(1))))
                .isInstanceOf(Failure.UpstreamUnreachable.class);
    }

    @Test
    void headersTheClientMustSetCannotBeConfigured() {
        assertThatThrownBy(() -> upstream("bad", Map.of("Host", "example.com")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("providers.bad.headers.Host: set by the HTTP client, cannot be configured");
    }

    @Test
    void configuredHeadersWinOverTheAdaptersAndTheRequestIdIsSentOnlyWhenItIsAValidHeader() {
        try (HttpUpstream upstream = upstream("hdr", Map.of("X-Version", "configured"))) {
            var request = upstream.post("/x", TestCalls.hello("hdr", "m", false), new byte[0], false,
                    Map.of("X-Version", "adapter", "X-Adapter", "yes"));
            var weird = upstream.post("/x", new dev.ladder.pipeline.UpstreamCall(TestCalls.hello("hdr", "m", false)
                    .request(), TestCalls.hello("hdr", "m", false).model(), "bad\nid", Duration.ofSeconds(1)),
                    new byte[0], false, Map.of());

            assertThat(request.headers().allValues("X-Version")).containsExactly("configured");
            assertThat(request.headers().firstValue("X-Adapter")).contains("yes");
            assertThat(request.headers().firstValue("X-Request-Id")).contains("req-42");
            assertThat(weird.headers().firstValue("X-Request-Id")).isEmpty();
        }
    }

    private HttpUpstream upstream(String name, Map<String, String> headers) {
        ProviderConfig config = TestCalls.config(name, ProviderKind.OPENAI, URI.create(fake.origin()),
                Duration.ofMillis(200), headers);
        return new HttpUpstream(config, URI.create("http://unused"), Clock.systemUTC());
    }

    private static boolean watchdogAlive(String provider) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("ladder-" + provider + "-stream-watchdog") && t.isAlive());
    }

    /** Ignores every event and ends on none, so the stream runs into the idle timeout. */
    private static final class EchoDecoder implements StreamDecoder {
        @Override
        public Step decode(dev.ladder.wire.SseEvent event) {
            return Step.NOTHING;
        }

        @Override
        public String endMarker() {
            return "end";
        }
    }
}
