package dev.ladder.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    static SseReader reader(String s) {
        return new SseReader(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsNamedAndUnnamedEventsAndSkipsComments() throws Exception {
        SseReader r = reader(": keep-alive\n\nevent: message_start\ndata: {\"a\":1}\n\ndata: x\ndata: y\n\ndata: [DONE]\n\n");

        assertThat(r.next()).contains(new SseEvent("message_start", "{\"a\":1}"));
        assertThat(r.next()).contains(new SseEvent("message", "x\ny"));
        assertThat(r.next()).hasValueSatisfying(e -> assertThat(e.isDone()).isTrue());
        assertThat(r.next()).isEmpty();
    }

    @Test
    void handlesCrLfLineEndingsAndNoSpaceAfterTheColon() throws Exception {
        SseReader r = reader("data:{\"b\":2}\r\n\r\n");

        assertThat(r.next()).contains(new SseEvent("message", "{\"b\":2}"));
    }

    @Test
    void anEventCutOffByTheEndOfTheStreamIsStillReturned() throws Exception {
        SseReader r = reader("data: partial");

        assertThat(r.next()).contains(new SseEvent("message", "partial"));
        assertThat(r.next()).isEmpty();
    }
}
