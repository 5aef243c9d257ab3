package dev.ladder.wire.anthropic;

/**
 * Anthropic's {@code stop_reason} and OpenAI's {@code finish_reason}, both ways: one table for the upstream
 * adapter (Anthropic answers an OpenAI-shaped request) and the inbound edge (an Anthropic client is answered
 * from the gateway's OpenAI-shaped reply).
 */
public final class StopReasons {

    private StopReasons() {
    }

    /** Anthropic's stop reason as OpenAI's finish reason; null while the message is unfinished. */
    public static String toFinishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence, pause_turn and reasons added later
        };
    }

    /** OpenAI's finish reason as Anthropic's stop reason; a missing one reads as a normal end of turn. */
    public static String toStopReason(String finishReason) {
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }
}
