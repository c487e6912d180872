package dev.lockfree.eventstore.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StreamNamesTests {

    @ParameterizedTest
    @ValueSource(strings = {"a", "gateway/orders", "A.b_c-9/x.y", "a/b/c/d", ".hidden", "a.b", "-", "_/_"})
    void validNamesPass(String name) {
        assertThat(StreamNames.requireValid(name)).isEqualTo(name);
    }

    @Test
    void theLongestNameIs200Characters() {
        String longest = "a".repeat(EventStoreClient.MAX_STREAM_NAME_LENGTH);
        assertThat(StreamNames.requireValid(longest)).isEqualTo(longest);
        assertThatIllegalArgumentException().isThrownBy(() -> StreamNames.requireValid(longest + "a"))
                .withMessageContaining("1 to 200 characters").withMessageContaining("is 201");
        assertThatIllegalArgumentException().isThrownBy(() -> StreamNames.requireValid(""))
                .withMessageContaining("is 0");
        assertThatIllegalArgumentException().isThrownBy(() -> StreamNames.requireValid(null))
                .withMessageContaining("null");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/a         | must not start with '/'",
            "a/         | must not end with '/'",
            "a//b       | must not contain \"//\"",
            "a/./b      | must not have a \".\" segment",
            ".          | must not have a \".\" segment",
            "a/.        | must not have a \".\" segment",
            "a/../b     | must not contain \"..\"",
            "a..b       | must not contain \"..\"",
            "'a b'      | character U+0020 at index 1",
            "a?b        | character '?' at index 1",
            "a%2Fb      | character '%' at index 1",
            "a#b        | character '#' at index 1",
            "commandé   | character U+00E9 at index 7",
            "a\\b       | character '\\' at index 1",
    })
    void invalidNamesAreRefusedNamingTheRule(String name, String why) {
        assertThatIllegalArgumentException().isThrownBy(() -> StreamNames.requireValid(name))
                .withMessageContaining("Invalid stream name '" + name + "'")
                .withMessageContaining(why);
    }

    @Test
    void theClientRefusesABadNameBeforeAnyRequest() {
        try (FakeStreamServer server = FakeStreamServer.start();
             EventStoreClient client = EventStoreClient.create(server.baseUrl())) {
            assertThatIllegalArgumentException().isThrownBy(() -> client.append("a//b", Map.of()));
            assertThatIllegalArgumentException().isThrownBy(() -> client.read("a b", 0));
            assertThatIllegalArgumentException().isThrownBy(() -> client.readPage("/a", 0, 1));
            assertThatIllegalArgumentException().isThrownBy(() -> client.aggregate("a/", "v"));
            assertThat(server.requestCount()).isZero();
        }
    }

    @Test
    void pathKeepsSlashesAndEncodesEachSegment() {
        assertThat(StreamNames.encodePath("gateway/orders")).isEqualTo("gateway/orders");
        assertThat(StreamNames.encodePath("A.b_c-9/x.y")).isEqualTo("A.b_c-9/x.y");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "plain-._~09AZaz | plain-._~09AZaz",
            "'a b'           | a%20b",
            "a/b             | a%2Fb",
            "a?b#c           | a%3Fb%23c",
            "100%            | 100%25",
            "a+b;c=d&e       | a%2Bb%3Bc%3Dd%26e",
            "café            | caf%C3%A9",
            "€               | %E2%82%AC",
            "\uD83D\uDE00      | %F0%9F%98%80",
    })
    void segmentsArePercentEncodedAsUtf8(String text, String encoded) {
        assertThat(PercentEncoding.encode(text)).isEqualTo(encoded);
        assertThat(FakeStreamServer.percentDecode(encoded)).isEqualTo(text);
    }

    @Test
    void theWirePathOfANestedStreamIsItsNameUnderStreams() {
        try (FakeStreamServer server = FakeStreamServer.start();
             EventStoreClient client = EventStoreClient.create(server.baseUrl())) {
            client.append("gateway/orders", Map.of("n", 1));
            client.append("Odd.name_-/x.y-Z", Map.of("n", 1));
            client.readPage("Odd.name_-/x.y-Z", 0, 1);

            assertThat(server.requests()).extracting(FakeStreamServer.Request::rawPath).containsExactly(
                    "/streams/gateway/orders", "/streams/Odd.name_-/x.y-Z", "/streams/Odd.name_-/x.y-Z");
            assertThat(server.storedEvents("Odd.name_-/x.y-Z")).isEqualTo(1);
        }
    }
}
