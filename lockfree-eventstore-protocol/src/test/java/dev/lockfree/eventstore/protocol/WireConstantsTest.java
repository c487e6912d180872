package dev.lockfree.eventstore.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The names and limits deployed clients and servers already speak: changing one breaks the other side. */
class WireConstantsTest {

    @Test
    void headerNames() {
        assertThat(StreamHeaders.EXPECTED_VERSION).isEqualTo("ES-ExpectedVersion");
        assertThat(StreamHeaders.IDEMPOTENCY_KEY).isEqualTo("Idempotency-Key");
    }

    @Test
    void pageLimits() {
        assertThat(PageLimits.MAX_PAGE_SIZE).isEqualTo(1000);
        assertThat(PageLimits.DEFAULT_PAGE_SIZE).isBetween(1, PageLimits.MAX_PAGE_SIZE);
    }

    @Test
    void problemTypesAreThePrefixAndTheSlug() {
        assertThat(ProblemTypes.uri(ProblemTypes.WRONG_EXPECTED_VERSION))
                .hasToString("https://lockfree.dev/problems/wrong-expected-version");
        assertThat(ProblemTypes.uri(ProblemTypes.STREAM_LIMIT)).hasToString("https://lockfree.dev/problems/stream-limit");
    }
}
