package dev.ladder.api;

import dev.ladder.model.LadderException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The parts of a {@code multipart/form-data} body (RFC 7578), by field name: what {@code POST /v1/files} reads. */
final class Multipart {

    record Part(String name, Optional<String> filename, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private Multipart() {
    }

    static Map<String, Part> parse(Optional<String> contentType, byte[] body) {
        String boundary = contentType.flatMap(Multipart::boundary).orElseThrow(() -> LadderException.badRequest(
                "Expected a multipart/form-data body with a boundary.", null));
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, Part> parts = new LinkedHashMap<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break;
            }
            start = skipLineEnd(body, start);
            int next = indexOf(body, delimiter, start);
            if (next < 0) {
                break;
            }
            int end = next;
            if (end >= 2 && body[end - 2] == '\r' && body[end - 1] == '\n') {
                end -= 2;
            } else if (end >= 1 && body[end - 1] == '\n') {
                end -= 1;
            }
            Part p = part(body, start, end);
            parts.put(p.name(), p);
            at = next;
        }
        return parts;
    }

    private static Part part(byte[] body, int start, int end) {
        byte[] blank = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        int headerEnd = indexOf(body, blank, start);
        int sep = blank.length;
        if (headerEnd < 0 || headerEnd > end) {
            headerEnd = indexOf(body, "\n\n".getBytes(StandardCharsets.ISO_8859_1), start);
            sep = 2;
        }
        if (headerEnd < 0 || headerEnd > end) {
            throw LadderException.badRequest("A part of the multipart body has no headers.", null);
        }
        String headers = new String(body, start, headerEnd - start, StandardCharsets.UTF_8);
        String name = null;
        Optional<String> filename = Optional.empty();
        for (String line : headers.split("\r?\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                name = param(line, "name").orElse(null);
                filename = param(line, "filename");
            }
        }
        if (name == null) {
            throw LadderException.badRequest("A part of the multipart body has no name.", null);
        }
        return new Part(name, filename, Arrays.copyOfRange(body, headerEnd + sep, end));
    }

    private static Optional<String> param(String header, String key) {
        for (String piece : header.split(";")) {
            String p = piece.strip();
            if (p.startsWith(key + "=")) {
                String v = p.substring(key.length() + 1);
                return Optional.of(v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2
                        ? v.substring(1, v.length() - 1) : v);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> boundary(String contentType) {
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return Optional.empty();
        }
        return param(contentType, "boundary").filter(b -> !b.isEmpty());
    }

    private static int skipLineEnd(byte[] b, int i) {
        if (i < b.length && b[i] == '\r') {
            i++;
        }
        if (i < b.length && b[i] == '\n') {
            i++;
        }
        return i;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
