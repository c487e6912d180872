package dev.lockfree.eventstore.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeysTest {

    @Test
    void arePrintableAsciiOfOneToTwoHundredCharacters() {
        assertThat(IdempotencyKeys.validate("~!\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}")).isNotNull();
        assertThat(IdempotencyKeys.isValid("k".repeat(200))).isTrue();
        assertThatThrownBy(() -> IdempotencyKeys.validate("k".repeat(201))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid idempotency key \"" + "k".repeat(64) + "\"... (201 chars): it is 201 characters "
                        + "long, the maximum is 200");
        assertThatThrownBy(() -> IdempotencyKeys.validate("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid idempotency key \"\": it must not be empty");
        assertThatThrownBy(() -> IdempotencyKeys.validate(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid idempotency key: it must not be null");
        assertThatThrownBy(() -> IdempotencyKeys.validate("a\tb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid idempotency key \"a\\u0009b\": character \\u0009 at index 1 is not printable ASCII");
        assertThatThrownBy(() -> IdempotencyKeys.validate("\u007f")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid idempotency key \"\\u007F\": character \\u007F at index 0 is not printable ASCII");
        assertThatThrownBy(() -> IdempotencyKeys.validate("\u00e9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("character \\u00E9 at index 0 is not printable ASCII");
    }

    @ParameterizedTest
    @ValueSource(strings = {" k", "k ", " ", "  k  "})
    void mustNotStartOrEndWithASpaceBecauseHttpStripsIt(String key) {
        assertThatThrownBy(() -> IdempotencyKeys.validate(key)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid idempotency key " + UntrustedText.quote(key) + ": it must not start or end with a "
                        + "space (HTTP strips it, the server would see another key)");
        assertThat(IdempotencyKeys.isValid(key)).isFalse();
        assertThat(IdempotencyKeys.isValid("a k")).isTrue();
    }
}
