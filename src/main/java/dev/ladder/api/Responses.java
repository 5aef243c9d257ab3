package dev.ladder.api;

import dev.ladder.wire.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Small helpers for writing answers. */
final class Responses {

    private Responses() {
    }

    static void sendError(ServerResponse res, HttpError error) {
        if (res.isSent()) {
            return;
        }
        error.retryAfter().ifPresent(d -> res.header(HeaderNames.RETRY_AFTER,
                Long.toString(Math.max(1, (d.toMillis() + 999) / 1000))));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.status(error.status()).send(Json.writeBytes(error.body()));
    }

    /** A duration in milliseconds with microsecond precision: "12.345". */
    static String millis(java.time.Duration d) {
        return BigDecimal.valueOf(d.toNanos() / 1000).movePointLeft(3).toPlainString();
    }

    /** A dollar amount as a plain decimal with up to 10 places, no exponent: "0.000123". */
    static String usd(double amount) {
        BigDecimal d = BigDecimal.valueOf(amount).setScale(10, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }
}
