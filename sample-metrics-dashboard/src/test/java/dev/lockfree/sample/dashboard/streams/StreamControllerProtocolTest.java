package dev.lockfree.sample.dashboard.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lockfree.eventstore.protocol.IdempotencyKeys;
import dev.lockfree.eventstore.protocol.StreamHeaders;
import dev.lockfree.eventstore.stream.EventStreams;
import dev.lockfree.sample.dashboard.web.InvalidRequestException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The controller applies the protocol's key rule itself, without HTTP in between (which would strip the
 * spaces before the rule could see them): a key the server accepts is one a client can send unchanged.
 */
class StreamControllerProtocolTest {

    private final EventStreams<JsonNode> streams = EventStreams.<JsonNode>builder()
            .partitions(1).capacityPerPartition(100).build();
    private final StreamController controller = new StreamController(streams);
    private final JsonNode body = JsonMapper.builder().build().createObjectNode().put("n", 1);

    @ParameterizedTest
    @ValueSource(strings = {" k", "k ", " "})
    void keysWithEdgeSpacesAreRefusedNamingTheHeader(String key) {
        assertThatThrownBy(() -> controller.append("/s", body, null, key))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo(StreamHeaders.IDEMPOTENCY_KEY);
                    assertThat(e.getMessage()).isEqualTo(IdempotencyKeys.problem(key));
                });
        assertThat(streams.exists("s")).isFalse();
        assertThat(controller.append("/s", body, null, "a k").getBody().version()).isZero();
    }
}
