package dev.ladder.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
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

    @Test
    void readsTheSameEventsWhenTheBytesArriveOneAtATime() throws Exception {
        String text = "\u20ac caf\u00e9 \ud83d\ude00";
        byte[] bytes = ("data: " + text + "\r\rdata: a\r\n\r\nevent: e\ndata: b\n\n").getBytes(StandardCharsets.UTF_8);
        SseReader r = new SseReader(new InputStream() {
            private int i;

            @Override
            public int read() {
                return i < bytes.length ? bytes[i++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[i++];
                return 1;
            }
        });

        assertThat(r.next()).contains(new SseEvent("message", text));
        assertThat(r.next()).contains(new SseEvent("message", "a"));
        assertThat(r.next()).contains(new SseEvent("e", "b"));
        assertThat(r.next()).isEmpty();
    }

    @Test
    void aLineLongerThanTheBufferIsReadWholeAndTheNextOnesStillParse() throws Exception {
        String big = "x".repeat(SseReader.BUFFER_BYTES * 5 + 7);
        SseReader r = reader("data: " + big + "\n\ndata: small\n\n" + "data: " + big + "\n\n");

        assertThat(r.next()).contains(new SseEvent("message", big));
        assertThat(r.next()).contains(new SseEvent("message", "small"));
        assertThat(r.next()).contains(new SseEvent("message", big));
        assertThat(r.next()).isEmpty();
    }
}
