package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ladder.cli.Gateway;
import dev.ladder.testing.HeadlessChromium;
import dev.ladder.testing.PromText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's browser acceptance: the demo gateway with mixed traffic and an admin key, and Debian's Chromium
 * headless opening {@code /dashboard}. Without the key the page and its JSON are refused; after signing in
 * through the form the panels show the numbers /metrics exports, and a decision row opens that request's path.
 * Leaves a screenshot in {@code target/dashboard.png} (docs/dashboard.png is a copy of one).
 */
@Tag("slow")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DashboardInABrowserTest {

    static final String ADMIN_KEY = "adm-test-0123456789";

    @TempDir
    Path dataDir;

    @Test
    void theDashboardIsRefusedWithoutTheKeyAndShowsWhatMetricsCountAfterSigningIn() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.start(1400, 1000);
                Gateway gw = Gateway.start(MixedTraffic.config(dataDir, 0.2), InstantSource.system(),
                        Optional.of(ADMIN_KEY))) {
            // the admin key is the master key: with it set, /v1 and /metrics need a key too
            MixedTraffic.send(gw, 80, ADMIN_KEY);
            assertThat(gw.decisionLog().flush(Duration.ofSeconds(20))).isTrue();
            HttpClient http = HttpClient.newHttpClient();
            assertThat(status(http, gw, "/dashboard", null)).isEqualTo(401);
            assertThat(status(http, gw, "/admin/dashboard/summary", null)).isEqualTo(401);
            assertThat(status(http, gw, "/admin/dashboard/summary", "wrong")).isEqualTo(401);
            assertThat(status(http, gw, "/admin/dashboard/summary", ADMIN_KEY)).isEqualTo(200);

            // refused in the browser: the sign-in form, and the JSON says 401
            browser.navigate(gw.baseUrl() + "/dashboard");
            browser.waitFor("document.getElementById('key')");
            assertThat(browser.eval("fetch('/admin/dashboard/summary').then(r => r.status)").asInt()).isEqualTo(401);
            assertThat(browser.eval("document.body.innerText").asText()).contains("admin key")
                    .doesNotContain("Recent decisions");

            // a wrong key is refused too, then the right one signs in
            browser.eval("document.getElementById('key').value = 'nope'; document.querySelector('form').submit(); 1");
            browser.waitFor("document.body.innerText.includes('not the admin key')");
            browser.eval("document.getElementById('key').value = '" + ADMIN_KEY + "';"
                    + " document.querySelector('form').submit(); 1");
            browser.waitFor("document.body.dataset.loaded === 'true'");

            PromText metrics = PromText.parse(http.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/metrics"))
                    .header("Authorization", "Bearer " + ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString())
                    .body());
            long requests = Math.round(metrics.sum("ladder_requests_total"));
            assertThat(requests).isEqualTo(80);
            assertThat(browser.eval("document.getElementById('requests').textContent").asText())
                    .isEqualTo(Long.toString(requests));
            double cost = browser.eval("Number(document.getElementById('cost-total').dataset.value)").asDouble();
            assertThat(cost).isPositive().isCloseTo(metrics.sum("ladder_cost_usd_total"), within(1e-12));
            assertThat(browser.eval("document.getElementById('cache-hits').textContent").asText()).isEqualTo(
                    Long.toString(Math.round(metrics.sum("ladder_cache_lookups_total", "result", "hit"))))
                    .isNotEqualTo("0");
            assertThat(browser.eval("document.getElementById('cost-today').textContent").asText()).startsWith("$");
            assertThat(browser.eval("document.querySelectorAll('#tier-chart rect').length").asInt()).isPositive();
            assertThat(browser.eval("document.getElementById('budgets').textContent").asText())
                    .contains("No key has a budget yet");

            // a decision row opens its path: classifier, confidence, attempts with verdicts, cost
            browser.eval("[...document.querySelectorAll('#decisions tbody tr')]"
                    + ".find(r => r.children[5].textContent === 'miss').click(); 1");
            String id = browser.eval("document.querySelector('#decisions tbody tr.selected').dataset.requestId")
                    .asText();
            browser.waitFor("!document.getElementById('path').hidden");
            assertThat(browser.eval("document.getElementById('path-id').textContent").asText()).isEqualTo(id);
            String path = browser.eval("document.getElementById('path-body').innerText").asText();
            assertThat(path).contains("classifier").contains("confidence").contains("cost").contains("purpose");

            Files.write(Path.of("target", "dashboard.png"), browser.screenshot(1400, 1000));
        }
    }

    private static int status(HttpClient http, Gateway gw, String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.baseUrl() + path));
        if (key != null) {
            b.header("authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
