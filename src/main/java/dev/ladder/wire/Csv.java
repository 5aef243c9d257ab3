package dev.ladder.wire;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader, shared by the simulated provider's replay tables and the offline evaluation
 * tools: comma-separated fields, fields in double quotes may hold commas, line breaks and doubled quotes ({@code ""} for one {@code "}); records end with CRLF, LF or CR. A leading byte-order mark
 * is skipped and blank lines are ignored. Text after a closing quote, or a quote left open at the end,
 * is an error that names the line.
 */
public final class Csv {

    private static final int EOF = -1;

    private final Reader in;
    private int line = 1;
    private int pushedBack = Integer.MIN_VALUE;

    private Csv(Reader in) {
        this.in = in;
    }

    /** Every record of {@code in}, in order; the first is the header when the file has one. */
    public static List<List<String>> read(Reader in) throws IOException {
        Csv csv = new Csv(in);
        int first = csv.read();
        if (first != '\uFEFF') {
            csv.unread(first);
        }
        List<List<String>> records = new ArrayList<>();
        List<String> record;
        while ((record = csv.nextRecord()) != null) {
            if (!(record.size() == 1 && record.getFirst().isEmpty())) {
                records.add(record);
            }
        }
        return records;
    }

    /** The next record, or null at the end of the input. */
    private List<String> nextRecord() throws IOException {
        int c = read();
        if (c == EOF) {
            return null;
        }
        unread(c);
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            c = read();
            if (c == '"' && field.isEmpty()) {
                readQuoted(field);
                c = read();
                if (c != ',' && c != '\r' && c != '\n' && c != EOF) {
                    throw new IOException("line " + line + ": unexpected '" + (char) c + "' after a closing quote");
                }
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' || c == '\n' || c == EOF) {
                endOfLine(c);
                fields.add(field.toString());
                return fields;
            } else {
                field.append((char) c);
            }
        }
    }

    private void readQuoted(StringBuilder field) throws IOException {
        int startLine = line;
        while (true) {
            int c = read();
            if (c == EOF) {
                throw new IOException("line " + startLine + ": quoted field is never closed");
            }
            if (c == '"') {
                int next = read();
                if (next != '"') {
                    unread(next);
                    return;
                }
            } else if (c == '\n' || (c == '\r' && peekNot('\n'))) {
                line++;
            }
            field.append((char) c);
        }
    }

    private void endOfLine(int c) throws IOException {
        if (c == '\r') {
            int next = read();
            if (next != '\n') {
                unread(next);
            }
        }
        if (c != EOF) {
            line++;
        }
    }

    private boolean peekNot(char expected) throws IOException {
        int next = read();
        unread(next);
        return next != expected;
    }

    private int read() throws IOException {
        if (pushedBack != Integer.MIN_VALUE) {
            int c = pushedBack;
            pushedBack = Integer.MIN_VALUE;
            return c;
        }
        return in.read();
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
