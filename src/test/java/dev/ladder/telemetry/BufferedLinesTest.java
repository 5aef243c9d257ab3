package dev.ladder.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class BufferedLinesTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static LogRecord line(String message) {
        LogRecord r = new LogRecord(Level.INFO, message);
        r.setLoggerName(RequestLog.LOGGER);
        return r;
    }

    @Test
    void lines_are_held_until_the_flusher_writes_them_all_together() throws Exception {
        RequestLog.BufferedLines handler = new RequestLog.BufferedLines(null, out);
        try {
            handler.publish(line("{\"msg\":\"request\",\"n\":1}"));
            handler.publish(line("{\"msg\":\"request\",\"n\":2}"));

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (written().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            assertThat(written()).isEqualTo("{\"msg\":\"request\",\"n\":1}" + System.lineSeparator()
                    + "{\"msg\":\"request\",\"n\":2}" + System.lineSeparator());
        } finally {
            handler.close();
        }
    }

    @Test
    void close_writes_what_is_buffered_and_later_lines_go_out_at_once() {
        RequestLog.BufferedLines handler = new RequestLog.BufferedLines(new LogLines(), out);
        handler.publish(line("request request_id=req_1"));

        handler.close();
        assertThat(written()).contains("INFO    dev.ladder.requests: request request_id=req_1");

        handler.publish(line("request request_id=req_2"));
        assertThat(written()).contains("request request_id=req_2");
    }

    @Test
    void a_full_buffer_is_written_by_the_publishing_thread() {
        RequestLog.BufferedLines handler = new RequestLog.BufferedLines(null, out);
        try {
            String big = "x".repeat(RequestLog.BufferedLines.MAX_BUFFERED_CHARS);
            handler.publish(line(big));

            assertThat(written()).startsWith(big);
        } finally {
            handler.close();
        }
    }

    @Test
    void records_below_the_handlers_level_are_not_written() {
        RequestLog.BufferedLines handler = new RequestLog.BufferedLines(null, out);
        handler.setLevel(Level.WARNING);
        handler.publish(line("quiet"));
        handler.close();

        assertThat(written()).isEmpty();
    }

    @Test
    void lines_given_later_are_built_by_the_writer_in_order_with_the_others_and_their_own_time() throws Exception {
        RequestLog.BufferedLines handler = new RequestLog.BufferedLines(new LogLines(), out);
        java.util.List<String> builtBy = new java.util.concurrent.CopyOnWriteArrayList<>();
        long at = java.time.Instant.parse("2026-03-04T05:06:07.089Z").toEpochMilli();
        try {
            handler.publish(line("request request_id=req_1"));
            handler.publishLater(at, () -> {
                builtBy.add(Thread.currentThread().getName());
                return "request request_id=req_2";
            });
            handler.publish(line("request request_id=req_3"));
            assertThat(builtBy).isEmpty(); // not built by the thread that gave it

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!written().contains("req_3") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            assertThat(builtBy).containsExactly("ladder-request-log");
            String text = written();
            assertThat(text.indexOf("req_1")).isLessThan(text.indexOf("req_2"));
            assertThat(text.indexOf("req_2")).isLessThan(text.indexOf("req_3"));
            String stamp = java.time.LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(at),
                    java.time.ZoneId.systemDefault()).toString();
            assertThat(text).contains(stamp + " INFO    dev.ladder.requests: request request_id=req_2");
        } finally {
            handler.close();
        }
    }

    @Test
    void too_many_lines_waiting_are_written_by_the_publishing_thread() {
        RequestLog.BufferedLines handler = new RequestLog.BufferedLines(null, out);
        try {
            for (int i = 0; i < RequestLog.BufferedLines.MAX_PENDING_LINES; i++) {
                int n = i;
                handler.publishLater(0, () -> "line " + n);
            }

            assertThat(written()).startsWith("line 0" + System.lineSeparator())
                    .endsWith("line " + (RequestLog.BufferedLines.MAX_PENDING_LINES - 1) + System.lineSeparator());
        } finally {
            handler.close();
        }
    }

    @Test
    void lines_given_later_below_the_handlers_level_are_not_built() {
        RequestLog.BufferedLines handler = new RequestLog.BufferedLines(null, out);
        handler.setLevel(Level.WARNING);
        handler.publishLater(0, () -> {
            throw new AssertionError("built");
        });
        handler.close();

        assertThat(written()).isEmpty();
    }
}
