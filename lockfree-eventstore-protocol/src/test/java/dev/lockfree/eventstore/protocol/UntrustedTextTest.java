package dev.lockfree.eventstore.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UntrustedTextTest {

    @Test
    void quoteKeepsPrintableAsciiAndEscapesQuotesBackslashesAndEverythingElse() {
        assertThat(UntrustedText.quote("a b~")).isEqualTo("\"a b~\"");
        assertThat(UntrustedText.quote("x\"\\")).isEqualTo("\"x\\\"\\\\\"");
        assertThat(UntrustedText.quote("\r\n\u0000\u007f\u00e9\u202e\ud800"))
                .isEqualTo("\"\\u000D\\u000A\\u0000\\u007F\\u00E9\\u202E\\uD800\"");
        assertThat(UntrustedText.quote(null)).isEqualTo("null");
    }

    @Test
    void quoteShowsAtMost64CharactersAndTheLength() {
        assertThat(UntrustedText.quote("k".repeat(64))).isEqualTo("\"" + "k".repeat(64) + "\"");
        assertThat(UntrustedText.quote("k".repeat(65))).isEqualTo("\"" + "k".repeat(64) + "\"... (65 chars)");
    }

    @Test
    void characterQuotesPrintableAsciiAndEscapesTheRest() {
        assertThat(UntrustedText.character('a')).isEqualTo("'a'");
        assertThat(UntrustedText.character(' ')).isEqualTo("' '");
        assertThat(UntrustedText.character('\'')).isEqualTo("\\u0027");
        assertThat(UntrustedText.character('\\')).isEqualTo("\\u005C");
        assertThat(UntrustedText.character('\n')).isEqualTo("\\u000A");
    }
}
