package dev.lockfree.eventstore.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpectedVersionTest {

    @Test
    void matchesTheCurrentVersionAsKurrentDbDoes() {
        assertThat(ExpectedVersion.ANY.matches(-1)).isTrue();
        assertThat(ExpectedVersion.ANY.matches(7)).isTrue();
        assertThat(ExpectedVersion.NO_STREAM.matches(-1)).isTrue();
        assertThat(ExpectedVersion.NO_STREAM.matches(0)).isFalse();
        assertThat(ExpectedVersion.STREAM_EXISTS.matches(-1)).isFalse();
        assertThat(ExpectedVersion.STREAM_EXISTS.matches(0)).isTrue();
        assertThat(ExpectedVersion.exactly(3).matches(3)).isTrue();
        assertThat(ExpectedVersion.exactly(3).matches(2)).isFalse();
        assertThat(ExpectedVersion.exactly(3).matches(4)).isFalse();
        assertThat(ExpectedVersion.exactly(0).matches(-1)).isFalse();
    }

    @Test
    void numericEncodingRoundTrips() {
        assertThat(ExpectedVersion.of(-2)).isSameAs(ExpectedVersion.ANY);
        assertThat(ExpectedVersion.of(-1)).isSameAs(ExpectedVersion.NO_STREAM);
        assertThat(ExpectedVersion.of(-4)).isSameAs(ExpectedVersion.STREAM_EXISTS);
        assertThat(ExpectedVersion.of(5)).isEqualTo(ExpectedVersion.exactly(5));
        assertThat(ExpectedVersion.exactly(5).value()).isEqualTo(5);
        assertThat(ExpectedVersion.ANY.isAny()).isTrue();
        assertThat(ExpectedVersion.exactly(0).isAny()).isFalse();
        assertThat(ExpectedVersion.ANY).hasToString("any");
        assertThat(ExpectedVersion.NO_STREAM).hasToString("no stream");
        assertThat(ExpectedVersion.STREAM_EXISTS).hasToString("stream exists");
        assertThat(ExpectedVersion.exactly(12)).hasToString("12");
    }

    @Test
    void invalidValuesAreRejectedWithTheirValue() {
        assertThatThrownBy(() -> ExpectedVersion.exactly(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An exact expected version must be >= 0 but was -1; use ExpectedVersion.NO_STREAM for a "
                        + "stream that must not exist");
        assertThatThrownBy(() -> ExpectedVersion.of(-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid expected version -3: use a version >= 0, -2 (any), -1 (no stream) or -4 "
                        + "(stream exists)");
    }

    @Test
    void headerValueIsAnyOrTheNumber() {
        assertThat(ExpectedVersion.ANY.headerValue()).isEqualTo("any");
        assertThat(ExpectedVersion.NO_STREAM.headerValue()).isEqualTo("-1");
        assertThat(ExpectedVersion.STREAM_EXISTS.headerValue()).isEqualTo("-4");
        assertThat(ExpectedVersion.exactly(Long.MAX_VALUE).headerValue()).isEqualTo(Long.toString(Long.MAX_VALUE));
        assertThat(ExpectedVersion.exactly(0).isExact()).isTrue();
        assertThat(ExpectedVersion.NO_STREAM.isExact()).isFalse();
        assertThat(ExpectedVersion.STREAM_EXISTS.isExact()).isFalse();
    }

    @Test
    void parseHeaderReadsWhatHeaderValueWrites() {
        for (ExpectedVersion v : new ExpectedVersion[] {ExpectedVersion.ANY, ExpectedVersion.NO_STREAM,
                ExpectedVersion.STREAM_EXISTS, ExpectedVersion.exactly(0), ExpectedVersion.exactly(Long.MAX_VALUE)}) {
            assertThat(ExpectedVersion.parseHeader(v.headerValue())).isEqualTo(v);
        }
        assertThat(ExpectedVersion.parseHeader("ANY")).isSameAs(ExpectedVersion.ANY);
        assertThat(ExpectedVersion.parseHeader("-2")).isSameAs(ExpectedVersion.ANY);
        assertThat(ExpectedVersion.parseHeader(" 7 ")).isEqualTo(ExpectedVersion.exactly(7));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-3", "", "1.5", "99999999999999999999", "\u001b[31m"})
    void parseHeaderRejectsAnythingElseNamingTheHeaderAndTheValue(String header) {
        assertThatThrownBy(() -> ExpectedVersion.parseHeader(header)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ES-ExpectedVersion must be a version >= 0, -1 (the stream must not exist), -4 (the "
                        + "stream must exist) or 'any', was " + UntrustedText.quote(header));
    }

    @Test
    void parseHeaderEscapesTheValueItEchoes() {
        assertThatThrownBy(() -> ExpectedVersion.parseHeader("1\n2\u202e")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("was \"1\\u000A2\\u202E\"");
        assertThatThrownBy(() -> ExpectedVersion.parseHeader(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("was null");
    }
}
