package dev.lockfree.eventstore.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.lockfree.eventstore.protocol.ExpectedVersion;

class WrongExpectedVersionExceptionTest {

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
