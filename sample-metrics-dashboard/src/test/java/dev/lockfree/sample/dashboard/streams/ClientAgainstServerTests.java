package dev.lockfree.sample.dashboard.streams;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.lockfree.eventstore.client.AggregateResult;
import dev.lockfree.eventstore.client.AppendResult;
import dev.lockfree.eventstore.client.BadRequestException;
import dev.lockfree.eventstore.client.EventStoreClient;
import dev.lockfree.eventstore.client.RecordedEvent;
import dev.lockfree.eventstore.client.StreamNotFoundException;
import dev.lockfree.eventstore.client.WrongExpectedVersionException;
import dev.lockfree.eventstore.protocol.ExpectedVersion;
import dev.lockfree.sample.dashboard.support.AppTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Java client against the real stream server on a random port: the contract holds end to end. */
@AppTest
class ClientAgainstServerTests {

    @LocalServerPort
    int port;

    EventStoreClient client;
    String stream;

    record Order(String id, int valor, String gatewayId) {
    }

    @BeforeEach
    void setUp() {
        client = EventStoreClient.builder(URI.create("http://127.0.0.1:" + port)).readPageSize(7).build();
        stream = "client/" + UUID.randomUUID();
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void appendReadsBackInOrderAcrossPages() {
        for (int i = 0; i < 25; i++) {
            assertThat(client.append(stream, new Order("o-" + i, i, "gw-" + (i % 3))).version()).isEqualTo(i);
        }

        List<RecordedEvent<Order>> events = client.read(stream, 3, Order.class).toList();

        assertThat(events).extracting(RecordedEvent::version)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(3, 25).boxed().toList());
        assertThat(events.get(0).data()).isEqualTo(new Order("o-3", 3, "gw-0"));
        assertThat(events).allSatisfy(e -> assertThat(e.timestamp()).isNotNull());
    }

    @Test
    void conditionalAppendsConflictWithTheServersCurrentVersion() {
        client.append(stream, Map.of("n", 0), ExpectedVersion.NO_STREAM);
        client.append(stream, Map.of("n", 1), ExpectedVersion.exactly(0));

        assertThatThrownBy(() -> client.append(stream, Map.of("n", 2), ExpectedVersion.exactly(0)))
                .isInstanceOfSatisfying(WrongExpectedVersionException.class,
                        e -> assertThat(e.currentVersion()).isEqualTo(1));
    }

    @Test
    void idempotentAppendsReportDuplicates() {
        AppendResult first = client.append(stream, Map.of("n", 1), "key-1");
        AppendResult again = client.append(stream, Map.of("n", 1), "key-1");

        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.version()).isEqualTo(first.version());
        assertThat(client.read(stream, 0).count()).isEqualTo(1);
    }

    @Test
    void aggregateMatchesWhatWasAppended() {
        for (int i = 1; i <= 9; i++) {
            client.append(stream, new Order("o-" + i, i * 10, "gw-" + (i % 2)));
        }

        AggregateResult result = client.aggregate(stream, "valor", "gatewayId");

        assertThat(result.count()).isEqualTo(9);
        assertThat(result.sum()).isEqualTo(450);
        assertThat(result.max().getAsDouble()).isEqualTo(90);
        assertThat(result.groups().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().count())))
                .containsExactlyInAnyOrderEntriesOf(Map.of("gw-0", 4L, "gw-1", 5L));
    }

    @Test
    void streamExistsIsHonouredEndToEnd() {
        assertThatThrownBy(() -> client.append(stream, Map.of("n", 0), ExpectedVersion.STREAM_EXISTS))
                .isInstanceOf(WrongExpectedVersionException.class);
        client.append(stream, Map.of("n", 0), ExpectedVersion.NO_STREAM);
        assertThat(client.append(stream, Map.of("n", 1), ExpectedVersion.STREAM_EXISTS).version()).isEqualTo(1);
    }

    @Test
    void anOverflowedSumReachesTheClientAsTheOverflowFlag() {
        client.append(stream, Map.of("valor", Double.MAX_VALUE, "gatewayId", "gw-0"));
        client.append(stream, Map.of("valor", Double.MAX_VALUE, "gatewayId", "gw-0"));
        client.append(stream, Map.of("valor", 1, "gatewayId", "gw-1"));

        AggregateResult result = client.aggregate(stream, "valor", "gatewayId");

        assertThat(result.overflow()).isTrue();
        assertThat(result.sum()).isNaN();
        assertThat(result.avg()).isEmpty();
        assertThat(result.max()).hasValue(Double.MAX_VALUE);
        assertThat(result.groups().get("gw-0").overflow()).isTrue();
        assertThat(result.groups().get("gw-1")).isEqualTo(new dev.lockfree.eventstore.client.GroupAggregate(1, 1));
    }

    @Test
    void unknownStreamsAndBadInputMapToTypedExceptions() {
        assertThatThrownBy(() -> client.read(stream, 0).toList()).isInstanceOf(StreamNotFoundException.class);
        assertThatThrownBy(() -> client.aggregate(stream, "valor")).isInstanceOf(StreamNotFoundException.class);
        String tooBig = "x".repeat(70_000);
        assertThatThrownBy(() -> client.append(stream, Map.of("pad", tooBig)))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.status()).isEqualTo(413));
    }
}
