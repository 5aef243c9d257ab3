package dev.ladder.wire;

import static java.util.Objects.requireNonNull;

/** One server-sent event: its name ("message" when none was given) and its data (lines joined by "\n"). */
public record SseEvent(String event, String data) {

    public SseEvent {
        requireNonNull(event, "event is null");
        requireNonNull(data, "data is null");
    }

    public boolean isDone() {
        return "[DONE]".equals(data.strip());
    }
}
