package dev.ladder.wire;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads server-sent events from a byte stream (WHATWG rules: "data:" lines accumulate, a blank line
 * dispatches, ":" lines are comments, "event:" names the event; lines end with LF, CR or CR LF). Not thread-safe.
 *
 * <p>Memory: a gateway holds one reader per open upstream stream, so it buffers bytes itself in a small array
 * that grows only for a longer line (and shrinks back once it is read), instead of a {@code BufferedReader} over
 * an {@code InputStreamReader} (8 K chars plus 8 KiB, about 24 KiB a stream). Each line is decoded as UTF-8
 * once it is complete; CR and LF never occur inside a multi-byte UTF-8 sequence, so a character split between
 * two reads is decoded whole.
 */
public final class SseReader implements Closeable {

    /** The buffer's size between long lines: a streamed chat chunk is a few hundred bytes. */
    static final int BUFFER_BYTES = 2048;

    private final InputStream in;
    private byte[] buf = new byte[BUFFER_BYTES];
    /** The unread bytes are {@code buf[pos..limit)}. */
    private int pos;
    private int limit;
    private boolean eof;
    /** The last line ended with CR: an LF right after it belongs to that line ending. */
    private boolean skipLf;

    public SseReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next event, or empty at the end of the stream. An event cut off by the end of the stream (no
     * blank line after it) is still returned when it has data: callers decide whether the stream ended cleanly.
     */
    public Optional<SseEvent> next() throws IOException {
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new SseEvent(event == null ? "message" : event, data.toString()));
                }
                event = null;
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                case "event" -> event = value;
                default -> {
                    // id, retry and unknown fields carry nothing Ladder needs
                }
            }
        }
        if (data != null) {
            return Optional.of(new SseEvent(event == null ? "message" : event, data.toString()));
        }
        return Optional.empty();
    }

    /** The next line without its ending, or null at the end of the stream. */
    private String readLine() throws IOException {
        int scanned = 0;
        while (true) {
            if (skipLf && pos < limit) {
                skipLf = false;
                if (buf[pos] == '\n') {
                    pos++;
                }
            }
            for (int i = pos + scanned; i < limit; i++) {
                byte b = buf[i];
                if (b == '\n' || b == '\r') {
                    String line = new String(buf, pos, i - pos, StandardCharsets.UTF_8);
                    pos = i + 1;
                    skipLf = b == '\r';
                    return line;
                }
            }
            if (eof) {
                if (pos == limit) {
                    return null;
                }
                String rest = new String(buf, pos, limit - pos, StandardCharsets.UTF_8);
                pos = limit;
                return rest;
            }
            scanned = skipLf ? 0 : limit - pos;
            fill();
        }
    }

    /** Reads more bytes after the unread ones (moved to the front; the buffer grows when they fill it). */
    private void fill() throws IOException {
        int unread = limit - pos;
        if (unread == 0 && buf.length > BUFFER_BYTES) {
            buf = new byte[BUFFER_BYTES];
        } else if (unread == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, unread);
        }
        pos = 0;
        limit = unread;
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
