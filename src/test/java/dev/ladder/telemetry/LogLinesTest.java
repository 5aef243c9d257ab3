package dev.ladder.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogLinesTest {

    private static LogRecord record(Level level, String message, LocalDateTime at) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName("dev.ladder.requests");
        r.setInstant(at.atZone(ZoneId.systemDefault()).toInstant());
        return r;
    }

    @Test
    void a_line_is_the_local_time_the_padded_level_the_logger_and_the_message() {
        String line = new LogLines().format(record(Level.INFO, "request request_id=req_1 status=200",
                LocalDateTime.of(2026, 12, 6, 2, 6, 9, 71_000_000)));

        assertThat(line).isEqualTo("2026-12-06T02:06:09.071 INFO    dev.ladder.requests: request request_id=req_1 "
                + "status=200" + System.lineSeparator());
    }

    @Test
    void a_level_name_longer_than_the_pad_is_kept_whole_and_parameters_are_filled_in() {
        LogRecord r = record(Level.WARNING, "dropped {0} records", LocalDateTime.of(987, 1, 2, 23, 59, 59, 999_999_999));
        r.setParameters(new Object[] {3});

        assertThat(new LogLines().format(r)).isEqualTo("0987-01-02T23:59:59.999 WARNING dev.ladder.requests: "
                + "dropped 3 records" + System.lineSeparator());
    }

    @Test
    void a_thrown_exception_follows_on_the_next_lines() {
        LogRecord r = record(Level.SEVERE, "writer died", LocalDateTime.of(2026, 1, 1, 0, 0));
        r.setThrown(new IllegalStateException("disk full"));

        String line = new LogLines().format(r);

        assertThat(line).startsWith("2026-01-01T00:00:00.000 SEVERE  dev.ladder.requests: writer died"
                + System.lineSeparator() + "java.lang.IllegalStateException: disk full" + System.lineSeparator()
                + "\tat dev.ladder.telemetry.LogLinesTest");
        assertThat(line).endsWith(System.lineSeparator());
    }
}
