package dev.lockfree.eventstore.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
    void wrongExpectedVersionCarriesStreamExpectedAndCurrent() {
        WrongExpectedVersionException e = new WrongExpectedVersionException("orders", ExpectedVersion.exactly(3), 5);
        assertThat(e.stream()).isEqualTo("orders");
        assertThat(e.expected()).isEqualTo(ExpectedVersion.exactly(3));
        assertThat(e.currentVersion()).isEqualTo(5);
        assertThat(e).hasMessage("Wrong expected version for stream \"orders\": expected version 3, but the stream "
                + "is at version 5");
        assertThat(new WrongExpectedVersionException("o", ExpectedVersion.NO_STREAM, 0))
                .hasMessage("Wrong expected version for stream \"o\": expected no stream, but the stream is at version 0");
        assertThat(new WrongExpectedVersionException("o", ExpectedVersion.STREAM_EXISTS, -1))
                .hasMessage("Wrong expected version for stream \"o\": expected an existing stream, but the stream does "
                        + "not exist (current version -1)");
    }
}
