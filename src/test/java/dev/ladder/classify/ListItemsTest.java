package dev.ladder.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListItemsTest {

    @Test
    void recognizesNumberedLetteredAndBulletedLines() {
        for (String line : new String[] {"1. a", "12) b", "(a) c", "(iv) d", "b) e", "C. f", "- g", "* h", "+ i",
                "\u2022 j", "   - indented", "\t2. tabbed"}) {
            assertThat(items(line)).as(line).isEqualTo(1);
        }
    }

    @Test
    void ignoresLinesThatOnlyLookLikeItems() {
        for (String line : new String[] {"3.14 is pi", "e.g. this", "-- note", "**bold**", "I think", "(see below)",
                "1.", "a)b", "word. - not at the start"}) {
            assertThat(items(line)).as(line).isZero();
        }
    }

    @Test
    void aSkippedLineHasNoItemUntilTheNextLine() {
        ListItems list = new ListItems();
        list.skipLine();
        assertThat(feed(list, "1. a")).isZero();
        list.startLine();
        assertThat(feed(list, "1. a")).isEqualTo(1);
    }

    private static int items(String line) {
        return feed(new ListItems(), line);
    }

    private static int feed(ListItems list, String line) {
        int items = 0;
        for (char c : line.toCharArray()) {
            items += list.advance(c) ? 1 : 0;
        }
        return items;
    }
}
