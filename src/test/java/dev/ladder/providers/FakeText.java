package dev.ladder.providers;

import java.util.ArrayList;
import java.util.List;

/** Splits an answer into the pieces a fake streams: words with their following spaces. */
public final class FakeText {

    private FakeText() {
    }

    public static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length() || (text.charAt(i - 1) == ' ' && text.charAt(i) != ' ')) {
                out.add(text.substring(start, i));
                start = i;
            }
        }
        return out;
    }
}
