package dev.ladder.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SemanticGuardTest {

    private final SemanticGuard guard = new SemanticGuard();

    @Test
    void paraphrases_pass() {
        assertThat(guard.objection("How do I cancel my subscription?", "How can I cancel my subscription?"))
                .isEmpty();
        assertThat(guard.objection("What is the refund policy of Acme Cloud?",
                "What is the refund policy of Cloud?")).as("a name added for clarity").isEmpty();
        assertThat(guard.objection("List the top ten features of the new plan",
                "List the top 10 features of the new plan")).as("ten is 10").isEmpty();
        assertThat(guard.objection("Why doesn't my invoice show tax?", "Why does my invoice not show tax?"))
                .isEmpty();
    }

    @Test
    void different_numbers_are_refused() {
        assertThat(guard.objection("How do I feed a 3-week old kitten?", "How do I feed an 8 week old kitten?"))
                .contains("numbers differ");
        assertThat(guard.objection("Which tax forms are due in 2024?", "Which tax forms are due in 2025?"))
                .contains("numbers differ");
        assertThat(guard.objection("What is 2+2?", "What is 2+3?")).contains("numbers differ");
    }

    @Test
    void different_names_are_refused() {
        assertThat(guard.objection("Shipping times to Oslo warehouse?", "Shipping times to Lyon warehouse?"))
                .contains("names differ");
        assertThat(guard.objection("How do I install Rust on my laptop?", "How do I install Haskell on my laptop?"))
                .contains("names differ");
    }

    @Test
    void opposites_and_negations_are_refused() {
        assertThat(guard.objection("Why is plan A good for startups?", "Why is plan A bad for startups?"))
                .hasValueSatisfying(r -> assertThat(r).startsWith("opposites"));
        assertThat(guard.objection("What are the positive effects of remote work?",
                "What are the negative effects of remote work?")).isPresent();
        assertThat(guard.objection("Is it safe to reuse this cable?", "Is it not safe to reuse this cable?"))
                .contains("negations differ");
        assertThat(guard.objection("Why can't I log in?", "Why can I log in?")).contains("negations differ");
    }
}
