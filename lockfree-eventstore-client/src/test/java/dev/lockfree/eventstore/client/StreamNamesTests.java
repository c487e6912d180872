package dev.lockfree.eventstore.client;

import dev.lockfree.eventstore.protocol.IdempotencyKeys;
import dev.lockfree.eventstore.protocol.PageLimits;
import dev.lockfree.eventstore.protocol.StreamHeaders;
import dev.lockfree.eventstore.protocol.StreamNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StreamNamesTests {

    // The rules themselves are tested once, in the protocol module (StreamNamesTest): here, that the client
    // applies them, with the protocol's message, before sending anything.

    @Test
    void theLimitsAreTheProtocols() {
        assertThat(EventStoreClient.MAX_STREAM_NAME_LENGTH).isEqualTo(StreamNames.MAX_LENGTH);
        assertThat(EventStoreClient.MAX_IDEMPOTENCY_KEY_LENGTH).isEqualTo(IdempotencyKeys.MAX_LENGTH);
        assertThat(EventStoreClient.MAX_PAGE_SIZE).isEqualTo(PageLimits.MAX_PAGE_SIZE);
        assertThat(EventStoreClient.EXPECTED_VERSION_HEADER).isEqualTo(StreamHeaders.EXPECTED_VERSION);
        assertThat(EventStoreClient.IDEMPOTENCY_KEY_HEADER).isEqualTo(StreamHeaders.IDEMPOTENCY_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a", "a/", "a//b", "a/./b", ".", "a/..", "a b", "a?b", "a%2Fb", "commandé", "a\\b", ""})
    void invalidNamesAreRefusedWithTheProtocolsMessage(String name) {
        try (FakeStreamServer server = FakeStreamServer.start();
             EventStoreClient client = EventStoreClient.create(server.baseUrl())) {
            assertThatIllegalArgumentException().isThrownBy(() -> client.append(name, Map.of()))
                    .withMessage(StreamNames.problem(name));
            String longest = "a".repeat(StreamNames.MAX_LENGTH);
            assertThatIllegalArgumentException().isThrownBy(() -> client.read(longest + "a", 0))
                    .withMessage(StreamNames.problem(longest + "a"));
            assertThat(server.requestCount()).isZero();
            client.append(longest, Map.of());
            assertThat(server.storedEvents(longest)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {" k", "k ", "", "a\tb"})
    void invalidKeysAreRefusedWithTheProtocolsMessage(String key) {
        try (FakeStreamServer server = FakeStreamServer.start();
             EventStoreClient client = EventStoreClient.create(server.baseUrl())) {
            assertThatIllegalArgumentException().isThrownBy(() -> client.append("s", Map.of(), key))
                    .withMessage(IdempotencyKeys.problem(key));
            assertThat(server.requestCount()).isZero();
        }
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
