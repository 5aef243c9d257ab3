package dev.ladder.validate;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers that are not answers: empty content without a tool call, a provider's content filter, the
 * {@code refusal} field of structured outputs, a refusal in words, and an answer cut off at the model's token limit
 * (not at a {@code max_tokens} the request set: that is the caller's choice).
 *
 * <p>A refusal in words is recognised only where refusals are written: in the answer's opening (its first
 * {@value #OPENING_CHARS} characters), or anywhere in a short answer (under {@value #SHORT_ANSWER_CHARS}
 * characters). The phrases require a refusing verb ("I can't help with", "I'm unable to provide") rather
 * than the words alone, so "I can't help but notice", "I'm unable to find a bug in your code" and "As an
 * AI researcher, ..." are answers, and a long answer that says "I cannot stress this enough" half-way is
 * one too.
 */
public final class RefusalDetector implements Validator {

    static final int OPENING_CHARS = 160;
    static final int SHORT_ANSWER_CHARS = 400;

    private static final String ACTS = "(?:help|assist|answer|comply|provide|fulfil+|complete|create|generate|write|"
            + "produce|give|share|support|do (?:that|this)|engage|participate|continue|discuss|offer|process)";

    /** Each pattern is matched case-insensitively against text with curly apostrophes folded. */
    static final List<Pattern> PHRASES = List.of(
            // "I can't help with that", "I cannot assist", "I won't write" (not "I can't help but")
            phrase("\\bi (?:can't|cannot|can not|won't(?: be able to)?|will not(?: be able to)?|must decline to) "
                    + ACTS + "\\b(?! but\\b)"),
            // "I'm unable to provide", "I am not able to help" (not "I'm unable to find")
            phrase("\\bi(?:'m| am) (?:not able|unable|not allowed|not permitted) to " + ACTS + "\\b"),
            phrase("\\bi (?:must|have to) (?:respectfully |politely )?decline\\b"),
            // "I'm sorry, but I can't", "Sorry, I cannot", "I'm afraid I can't"
            phrase("\\b(?:sorry|afraid),? (?:but )?i (?:can't|cannot|can not|won't|will not|"
                    + "(?:'m|am) (?:unable|not able))"
                    + "\\b"),
            // "As an AI language model, I cannot ..." (not "As an AI researcher, I ...")
            phrase("\\bas an ai(?: language model| model| assistant)?,? i (?:can't|cannot|can not|won't|will not|"
                    + "(?:'m|am) (?:not able|unable)|do not|don't) (?:to )?(?:" + ACTS + "|have (?:the ability|access)"
                    + "|endorse|condone)\\b"),
            phrase("\\b(?:this|your) (?:request|content|question) (?:violates|goes against|is against) (?:my|our|the)"
                    + " (?:guidelines|policies|usage policies|content policy)"));

    /** A sentence that goes on with "but" or "however" after a long refusal phrase is a caveat, not a refusal. */
    private static final Pattern CAVEAT = Pattern.compile("\\A[^.!?\\n]*\\b(?:but|however)\\b");

    private static Pattern phrase(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    @Override
    public Verdict validate(ChatRequest request, ChatResponse response) {
        if (response.choices().isEmpty()) {
            return new Verdict.Fail(Reason.EMPTY, 0, "your answer was empty");
        }
        ChatResponse.Choice choice = response.choices().getFirst();
        boolean toolCalls = choice.toolCalls() != null && choice.toolCalls().isArray() && !choice.toolCalls().isEmpty();
        String text = choice.content() == null ? "" : choice.content();
        String finish = choice.finishReason() == null ? "" : choice.finishReason();
        // The provider's filter stopped the answer: nothing after it can be trusted to be whole.
        if (finish.equals("content_filter")) {
            return new Verdict.Fail(Reason.REFUSAL, 0, "your answer was stopped by the provider's content filter");
        }
        // Structured outputs put a refusal in its own field.
        if (choice.refusal() != null && !choice.refusal().isBlank()) {
            return new Verdict.Fail(Reason.REFUSAL, 0, "you refused to answer: \"" + cut(choice.refusal()) + "\"");
        }
        // A tool call is an answer even without text.
        if (text.isBlank() && !toolCalls) {
            return new Verdict.Fail(Reason.EMPTY, 0, finish.equals("length")
                    ? "your answer was empty: the token limit was reached before any text" : "your answer was empty");
        }
        if (refuses(text)) {
            return new Verdict.Fail(Reason.REFUSAL, 0, "you declined to answer (\"" + cut(text.strip())
                    + "\"); the request is legitimate, answer it");
        }
        // Cut off by the model's own limit: the end of the answer (often the result) is missing. A limit the
        // request set is the caller's choice, and a bigger model would be cut at the same place.
        if (finish.equals("length") && request.maxTokens().isPresent()) {
            return new Verdict.Pass(1.0, "an answer cut at the request's max_tokens");
        }
        if (finish.equals("length")) {
            return new Verdict.Fail(Reason.TRUNCATED, 0.5, "your answer was cut off at the token limit; answer "
                    + "more concisely");
        }
        return new Verdict.Pass(1.0, toolCalls && text.isBlank() ? "tool call" : "an answer");
    }

    /** True when {@code text} reads as a refusal (see the class comment for where phrases count). */
    static boolean refuses(String text) {
        String t = text.strip().replace('\u2019', '\'').replace('\u2018', '\'').toLowerCase(Locale.ROOT);
        boolean shortAnswer = t.length() < SHORT_ANSWER_CHARS;
        String region = shortAnswer ? t : t.substring(0, OPENING_CHARS);
        for (Pattern p : PHRASES) {
            Matcher m = p.matcher(region);
            // In a long answer, "I can't give medical advice, but ..." opens an answer rather than refusing.
            if (m.find() && (shortAnswer || !CAVEAT.matcher(t.substring(m.end())).find())) {
                return true;
            }
        }
        return false;
    }

    private static String cut(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= 80 ? one : one.substring(0, 77) + "...";
    }
}
