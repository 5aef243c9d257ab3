package dev.ladder.classify;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.Message;
import dev.ladder.model.Role;
import java.util.List;

/**
 * The text the trained classifier's text features read: the last user message (or the last message when there
 * is no user message), at most {@value #BUDGET} chars of it, head and tail of longer texts. Context (system
 * prompt, earlier turns) reaches the trained model only through the heuristic's signals, which weigh it.
 */
final class Ask {

    static final int BUDGET = 8 * 1024;

    private Ask() {
    }

    static String of(ChatRequest request) {
        List<Message> messages = request.messages();
        String text = messages.getLast().text();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                text = messages.get(i).text();
                break;
            }
        }
        if (text.length() <= BUDGET) {
            return text;
        }
        int head = BUDGET / 4 * 3;
        return text.substring(0, head) + "\n" + text.substring(text.length() - (BUDGET - head));
    }
}
