package dev.ladder.telemetry;

import dev.ladder.text.IsoTimes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Ladder's console log line: {@code 2026-12-06T02:26:36.071 INFO    dev.ladder.requests: message}, then the
 * stack trace of a thrown exception, if any. The same line {@link java.util.logging.SimpleFormatter} prints with
 * the format {@code %1$tFT%1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n}, built without {@code String.format}: the request
 * log prints one per request, and the format string was parsed and interpreted for each (issue 16's profile).
 * Named in {@code dev/ladder/logging.properties}; times are in the zone the JVM started in.
 */
public final class LogLines extends Formatter {

    private final ZoneId zone = ZoneId.systemDefault();

    @Override
    public String format(LogRecord r) {
        StringBuilder b = new StringBuilder(200);
        LocalDateTime t = LocalDateTime.ofInstant(r.getInstant(), zone);
        IsoTimes.appendMillis(b, t).append(' ');
        String level = r.getLevel().getLocalizedName();
        b.append(level);
        for (int i = level.length(); i < 7; i++) {
            b.append(' ');
        }
        b.append(' ').append(r.getLoggerName()).append(": ").append(formatMessage(r));
        if (r.getThrown() != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter pw = new PrintWriter(trace)) {
                pw.println();
                r.getThrown().printStackTrace(pw);
            }
            b.append(trace);
        }
        return b.append(System.lineSeparator()).toString();
    }
}
