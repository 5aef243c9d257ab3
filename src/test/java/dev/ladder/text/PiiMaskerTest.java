package dev.ladder.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PiiMaskerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            mail alice.smith+tag@example.co.uk now        | mail [email] now
            write to bob@mail.example.com.                | write to [email].
            card 4111 1111 1111 1111 ok                   | card [card] ok
            card 4111-1111-1111-1111                      | card [card]
            4111111111111111                              | [card]
            amex 3782 822463 10005                        | amex [card]
            mastercard 5555555555554444.                  | mastercard [card].
            4111 1111 1111 1111 2024                      | [card] 2024
            call +1 (415) 555-2671 now                    | call [phone] now
            +44 20 7946 0958                              | [phone]
            +14155552671                                  | [phone]
            +33.1.23.45.67.89                             | [phone]
            +49-30-123456                                 | [phone]
            tel:+1-415-555-2671                           | tel:[phone]
            415-555-2671                                  | [phone]
            (415) 555-2671                                | [phone]
            (415)555-2671                                 | [phone]
            415.555.2671                                  | [phone]
            415 555 2671                                  | [phone]
            1-800-555-0199                                | [phone]
            call 415-555-2671.                            | call [phone].
            a@b.io / 415-555-2671 / 4111111111111111      | [email] / [phone] / [card]
            """)
    void masks_emails_phones_and_cards(String text, String masked) {
        assertThat(PiiMasker.mask(text)).isEqualTo(masked);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "a@b", "user@localhost", "npm i lodash@4.17.21", "@channel hi",
        "order 1234567812345678", "order 1234567890123456", "ts 1700000000000", "ts 1700000000",
        "years 1999 2000 2001 2002", "years 2020 2021 2022 2023", "isbn 978-3-16-148410-0",
        "on 2024-01-15", "15.01.2024", "01/15/2024", "2024-01-15 10:30:00",
        "v1.2.3", "10.0.19045.3803", "192.168.100.200",
        "$1,299.99", "1 299 999 EUR", "price 1299.00", "1,234,567,890,123", "pi 3.14159265358979",
        "0.4111111111111111", "x4111111111111111",
        "42", "12345", "555-2671", "4155552671", "SSN-like 123-45-6789", "+5%", "+1.2.3"})
    void leaves_near_misses_alone(String text) {
        assertThat(PiiMasker.mask(text)).isEqualTo(text);
    }

    @Test
    void the_luhn_check_decides_whether_a_long_number_is_a_card() {
        assertThat(PiiMasker.mask("4111111111111111")).isEqualTo(PiiMasker.CARD);
        assertThat(PiiMasker.mask("4111111111111112")).isEqualTo("4111111111111112");
        assertThat(PiiMasker.passesLuhn("4111 1111 1111 1111")).isTrue();
        assertThat(PiiMasker.passesLuhn("378282246310005")).isTrue();
        assertThat(PiiMasker.passesLuhn("378282246310006")).isFalse();
    }

    @Test
    void text_with_nothing_to_mask_comes_back_as_the_same_instance() {
        String text = "Summarise the 3 points of section 2.1 in 120 words, by 2024-01-15.";
        assertThat(PiiMasker.mask(text)).isSameAs(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            contact me at john.smith@gmai      | contact me at …
            my card is 4111 1111 11            | my card is …
            call me on +44 20 79               | call me on …
            mail a@b.io then call (415) 555    | mail [email] then call …
            nothing sensitive here             | nothing sensitive here
            """)
    void a_cut_text_loses_a_trailing_fragment_that_may_be_personal_data(String text, String masked) {
        assertThat(PiiMasker.maskCut(text)).isEqualTo(masked);
    }

    @Test
    void runs_in_linear_time_on_adversarial_input() {
        String letters = "a".repeat(100_000) + "@";
        String digits = "1".repeat(100_000);
        String separated = "1-".repeat(50_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(PiiMasker.mask(letters)).isEqualTo(letters);
            assertThat(PiiMasker.mask(digits)).isEqualTo(digits);
            assertThat(PiiMasker.mask(separated)).isEqualTo(separated);
        });
    }
}
