package dev.ladder.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    private static List<List<String>> read(String text) throws IOException {
        return Csv.read(new StringReader(text));
    }

    @Test
    void quotedFieldsMayHoldCommasLineBreaksAndDoubledQuotes() throws IOException {
        List<List<String>> records = read("a,b\n\"x, y\",\"line one\nline two\n\nsaid \"\"hi\"\"\"\n");

        assertThat(records).containsExactly(List.of("a", "b"),
                List.of("x, y", "line one\nline two\n\nsaid \"hi\""));
    }

    @Test
    void recordsMayEndWithCrLfOrCrAndTheLastNeedsNoLineBreak() throws IOException {
        assertThat(read("a,b\r\n1,2\r3,4")).containsExactly(List.of("a", "b"), List.of("1", "2"), List.of("3", "4"));
    }

    @Test
    void emptyFieldsAreKeptAndAQuotedEmptyFieldIsEmpty() throws IOException {
        assertThat(read("a,,\"\",d\n")).containsExactly(List.of("a", "", "", "d"));
    }

    @Test
    void aByteOrderMarkAndBlankLinesAreSkipped() throws IOException {
        assertThat(read("\uFEFFprompt,answer\n\n1,2\n\n")).containsExactly(List.of("prompt", "answer"),
                List.of("1", "2"));
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsText() throws IOException {
        assertThat(read("5\" screen,ok\n")).containsExactly(List.of("5\" screen", "ok"));
    }

    @Test
    void aQuoteLeftOpenIsAnErrorNamingTheLineWhereItStarted() {
        assertThatThrownBy(() -> read("a,b\n1,2\n3,\"never\nclosed\n")).isInstanceOf(IOException.class)
                .hasMessageContaining("line 3").hasMessageContaining("never closed");
    }

    @Test
    void textAfterAClosingQuoteIsAnErrorNamingTheLine() {
        assertThatThrownBy(() -> read("a\n\"multi\nline\"x\n")).isInstanceOf(IOException.class)
                .hasMessageContaining("line 3");
    }
}
