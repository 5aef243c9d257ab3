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
}
