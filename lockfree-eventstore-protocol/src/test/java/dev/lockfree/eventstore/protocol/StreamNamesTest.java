package dev.lockfree.eventstore.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StreamNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"orders", "gateway/orders", "a", "A-Z_0.9", "a/b/c", "x.y", ".hidden", "a/.b/c.", "a/b./c", "v1.2-rc_3/eu-west-1"})
    void acceptsNamesWithinTheRules(String name) {
        assertThat(StreamNames.validate(name)).isEqualTo(name);
        assertThat(StreamNames.isValid(name)).isTrue();
        assertThat(StreamNames.problem(name)).isNull();
    }

    @Test
    void twoHundredCharactersAreAcceptedTwoHundredAndOneAreNot() {
        assertThat(StreamNames.isValid("a".repeat(200))).isTrue();
        assertThatThrownBy(() -> StreamNames.validate("a".repeat(201)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid stream name \"" + "a".repeat(64) + "\"... (201 chars): it is 201 characters long, "
                        + "the maximum is 200");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a..b|Invalid stream name \"a..b\": it must not contain \"..\"",
            "..|Invalid stream name \"..\": it must not contain \"..\"",
            "/orders|Invalid stream name \"/orders\": it must not start with '/'",
            "orders/|Invalid stream name \"orders/\": it must not end with '/'",
            "a//b|Invalid stream name \"a//b\": it must not contain \"//\" (an empty segment)",
            ".|Invalid stream name \".\": it must not have a \".\" segment",
            "a/./b|Invalid stream name \"a/./b\": it must not have a \".\" segment",
            "./a|Invalid stream name \"./a\": it must not have a \".\" segment",
            "a/.|Invalid stream name \"a/.\": it must not have a \".\" segment",
            "%2e%2e|Invalid stream name \"%2e%2e\": character '%' at index 0 is not allowed (allowed: A-Z a-z 0-9 . _ / -)",
            "a b|Invalid stream name \"a b\": character ' ' at index 1 is not allowed (allowed: A-Z a-z 0-9 . _ / -)",
            "caf\u00e9|Invalid stream name \"caf\\u00E9\": character \\u00E9 at index 3 is not allowed (allowed: A-Z a-z 0-9 . _ / -)",
    })
    void rejectsWithAMessageNamingTheStreamAndTheRule(String name, String message) {
        assertThatThrownBy(() -> StreamNames.validate(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThat(StreamNames.isValid(name)).isFalse();
    }

    @Test
    void emptyAndNullAreRejected() {
        assertThatThrownBy(() -> StreamNames.validate("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid stream name \"\": it must not be empty");
        assertThatThrownBy(() -> StreamNames.validate(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid stream name: it must not be null");
    }

    @Test
    void controlCharactersQuotesAndBackslashesAreEscapedInTheMessage() {
        assertThatThrownBy(() -> StreamNames.validate("a\u0000b\nc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid stream name \"a\\u0000b\\u000Ac\": character \\u0000 at index 1 is not allowed "
                        + "(allowed: A-Z a-z 0-9 . _ / -)");
        assertThatThrownBy(() -> StreamNames.validate("x\"\\\u001b[31m")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid stream name \"x\\\"\\\\\\u001B[31m\": character '\"' at index 1 is not allowed "
                        + "(allowed: A-Z a-z 0-9 . _ / -)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
    }

    @Test
    void describeCutsLongNamesAndEscapesEverythingUnprintable() {
        assertThat(StreamNames.describe(null)).isEqualTo("null");
        assertThat(StreamNames.describe("\u2028".repeat(70)))
                .isEqualTo("\"" + "\\u2028".repeat(64) + "\"... (70 chars)");
    }
}
