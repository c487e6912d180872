package dev.lockfree.eventstore.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class EventStoreClientReadTests extends FakeServerTestSupport {

    record Reading(String sensor, int n) {
    }

    private EventStoreClient client;

    @BeforeEach
    void openClient() {
        client = open(clientBuilder().readPageSize(10));
    }

    private void appendReadings(String stream, int count) {
        for (int i = 0; i < count; i++) {
            client.append(stream, new Reading("s-" + (i % 3), i));
        }
    }

    private List<String> readQueries() {
        return server.requests().stream().filter(r -> r.method().equals("GET")).map(FakeStreamServer.Request::rawQuery).toList();
    }

    @Test
    void readPagesThroughTheWholeStreamAndStopsWithoutAnExtraRequest() {
        appendReadings("gateway/orders", 25);

        List<RecordedEvent<JsonNode>> events;
        try (Stream<RecordedEvent<JsonNode>> stream = client.read("gateway/orders", 0)) {
            events = stream.toList();
        }

        assertThat(events).extracting(RecordedEvent::version).containsExactlyElementsOf(LongStream.range(0, 25).boxed().toList());
        assertThat(events).extracting(e -> e.data().get("n").intValue()).containsExactlyElementsOf(
                LongStream.range(0, 25).mapToObj(i -> (int) i).toList());
        assertThat(events).allSatisfy(e -> {
            assertThat(e.stream()).isEqualTo("gateway/orders");
            assertThat(e.timestamp()).isNotNull();
        });
        // 25 events, pages of 10: the third page has nextVersion 25 > lastVersion 24, so no fourth request
        assertThat(readQueries()).containsExactly("from=0&limit=10", "from=10&limit=10", "from=20&limit=10");
        assertThat(server.requests()).filteredOn(r -> r.method().equals("GET"))
                .allSatisfy(r -> assertThat(r.rawPath()).isEqualTo("/streams/gateway/orders"));
    }

    @Test
    void aStreamThatEndsOnAPageBoundaryNeedsNoEmptyPage() {
        appendReadings("s", 20);

        try (Stream<RecordedEvent<JsonNode>> stream = client.read("s", 0)) {
            assertThat(stream.count()).isEqualTo(20);
        }
        assertThat(readQueries()).containsExactly("from=0&limit=10", "from=10&limit=10");
    }

    @Test
    void pagesAreFetchedOnlyAsTheConsumerPulls() {
        appendReadings("s", 35);

        try (Stream<RecordedEvent<JsonNode>> stream = client.read("s", 0)) {
            assertThat(server.requestCount()).as("nothing before the first pull").isEqualTo(35);
            Iterator<RecordedEvent<JsonNode>> iterator = stream.iterator();
            for (int i = 0; i < 10; i++) {
                assertThat(iterator.next().version()).isEqualTo(i);
            }
            assertThat(readQueries()).containsExactly("from=0&limit=10");
            assertThat(iterator.next().version()).isEqualTo(10);
            assertThat(readQueries()).containsExactly("from=0&limit=10", "from=10&limit=10");
        }
        try (Stream<RecordedEvent<JsonNode>> stream = client.read("s", 0)) {
            assertThat(stream.limit(12).count()).isEqualTo(12);
        }
        assertThat(readQueries()).hasSize(4);
    }

    @Test
    void readingFromTheMiddleOrPastTheEnd() {
        appendReadings("s", 15);

        try (Stream<RecordedEvent<JsonNode>> stream = client.read("s", 12)) {
            assertThat(stream.map(RecordedEvent::version)).containsExactly(12L, 13L, 14L);
        }
        try (Stream<RecordedEvent<JsonNode>> stream = client.read("s", 15)) {
            assertThat(stream).isEmpty();
        }
        try (Stream<RecordedEvent<JsonNode>> stream = client.read("s", 1_000)) {
            assertThat(stream).isEmpty();
        }
        assertThat(readQueries()).containsExactly("from=12&limit=10", "from=15&limit=10", "from=1000&limit=10");
    }

    @Test
    void eventsTheServerNoLongerRetainsAreSkipped() {
        server.retainLast(5);
        appendReadings("s", 12);

        try (Stream<RecordedEvent<JsonNode>> stream = client.read("s", 0)) {
            assertThat(stream.map(RecordedEvent::version)).containsExactly(7L, 8L, 9L, 10L, 11L);
        }
    }

    @Test
    void theStreamPicksUpEventsAppendedWhileReading() {
        appendReadings("s", 15);

        try (Stream<RecordedEvent<JsonNode>> stream = client.read("s", 0)) {
            Iterator<RecordedEvent<JsonNode>> iterator = stream.iterator();
            iterator.next();
            appendReadings("s", 3);
            long last = -1;
            while (iterator.hasNext()) {
                last = iterator.next().version();
            }
            // page 2 is read after the 3 appends, so it reaches version 17 and ends there (18 > 17)
            assertThat(last).isEqualTo(17);
        }
        assertThat(readQueries()).containsExactly("from=0&limit=10", "from=10&limit=10");
    }

    @Test
    void dataMapsToTheRequestedType() {
        appendReadings("s", 3);

        try (Stream<RecordedEvent<Reading>> stream = client.read("s", 1, Reading.class)) {
            assertThat(stream.map(RecordedEvent::data)).containsExactly(new Reading("s-1", 1), new Reading("s-2", 2));
        }
        ReadPage<ObjectNode> page = client.readPage("s", 0, 1, ObjectNode.class);
        assertThat(page.events()).singleElement().satisfies(e -> assertThat(e.data().get("sensor").stringValue()).isEqualTo("s-0"));
    }

    @Test
    void dataThatDoesNotMapFailsNamingStreamVersionAndType() {
        client.append("s", Map.of("sensor", "a", "n", 1));
        client.append("s", Map.of("sensor", "b", "n", "not a number"));

        try (Stream<RecordedEvent<Reading>> stream = client.read("s", 0, Reading.class)) {
            assertThatThrownBy(stream::toList).isInstanceOfSatisfying(EventDataMappingException.class, e -> {
                assertThat(e.version()).isEqualTo(1);
                assertThat(e.stream()).isEqualTo("s");
                assertThat(e.targetType()).isEqualTo(Reading.class);
                assertThat(e.getMessage()).contains("Event 1 of stream 's'", Reading.class.getName());
            });
        }
    }

    @Test
    void aMissingStreamFailsAtTheTerminalOperation() {
        Stream<RecordedEvent<JsonNode>> stream = client.read("nope/here", 0);
        assertThat(server.requestCount()).isZero();

        assertThatThrownBy(stream::toList).isInstanceOfSatisfying(StreamNotFoundException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.stream()).isEqualTo("nope/here");
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.getMessage()).contains("'nope/here'", "not found");
        });
        assertThatThrownBy(() -> client.readPage("nope", 0, 5)).isInstanceOf(StreamNotFoundException.class);
    }

    @Test
    void a404ThatIsNotTheContractsProblemPointsAtTheBaseUrl() {
        server.respondNext(404, "text/html", "<html><body>Whitelabel Error Page</body></html>");

        assertThatThrownBy(() -> client.readPage("s", 0, 5)).isInstanceOfSatisfying(UnexpectedResponseException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.problem()).isEmpty();
            assertThat(e.getMessage()).contains("Whitelabel Error Page", "base URL");
        });
    }

    @Test
    void pullingAfterCloseFailsWithoutARequest() {
        appendReadings("s", 15);
        Stream<RecordedEvent<JsonNode>> stream = client.read("s", 0);
        Iterator<RecordedEvent<JsonNode>> iterator = stream.iterator();
        iterator.next();
        int sent = server.requestCount();

        stream.close();

        assertThatIllegalStateException().isThrownBy(iterator::next).withMessageContaining("'s'").withMessageContaining("closed");
        assertThat(server.requestCount()).isEqualTo(sent);
    }

    @Test
    void readPageReportsTheCursorAndWhetherItIsLast() {
        appendReadings("s", 5);

        ReadPage<JsonNode> first = client.readPage("s", 0, 3);
        ReadPage<JsonNode> second = client.readPage("s", first.nextVersion(), 3);
        ReadPage<JsonNode> past = client.readPage("s", 5, 3);

        assertThat(first.events()).extracting(RecordedEvent::version).containsExactly(0L, 1L, 2L);
        assertThat(first.nextVersion()).isEqualTo(3);
        assertThat(first.lastVersion()).isEqualTo(4);
        assertThat(first.isLast()).isFalse();
        assertThat(second.events()).extracting(RecordedEvent::version).containsExactly(3L, 4L);
        assertThat(second.isLast()).isTrue();
        assertThat(past.events()).isEmpty();
        assertThat(past.nextVersion()).isEqualTo(5);
        assertThat(past.isLast()).isTrue();
    }

    @Test
    void pageSizeAndVersionLimitsAreCheckedBeforeAnyRequest() {
        appendReadings("s", 2);
        int sent = server.requestCount();

        assertThat(client.readPage("s", 0, EventStoreClient.MAX_PAGE_SIZE).events()).hasSize(2);
        assertThat(client.readPage("s", 0, 1).events()).hasSize(1);
        assertThat(server.requests().get(sent).rawQuery()).isEqualTo("from=0&limit=1000");
        assertThatIllegalArgumentException().isThrownBy(() -> client.readPage("s", 0, 0)).withMessageContaining("limit must be 1..1000, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> client.readPage("s", 0, 1001)).withMessageContaining("was 1001");
        assertThatIllegalArgumentException().isThrownBy(() -> client.readPage("s", -1, 10)).withMessageContaining("fromVersion");
        assertThatIllegalArgumentException().isThrownBy(() -> client.read("s", -1)).withMessageContaining("fromVersion");
        assertThatIllegalArgumentException().isThrownBy(() -> EventStoreClient.builder(server.baseUrl()).readPageSize(0))
                .withMessageContaining("readPageSize");
        assertThatIllegalArgumentException().isThrownBy(() -> EventStoreClient.builder(server.baseUrl()).readPageSize(1001))
                .withMessageContaining("readPageSize");
        assertThat(server.requestCount()).isEqualTo(sent + 2);
    }

    @Test
    void theDefaultPageIsTheServersMaximum() {
        appendReadings("s", 1);
        try (EventStoreClient defaults = EventStoreClient.create(server.baseUrl());
             Stream<RecordedEvent<JsonNode>> stream = defaults.read("s", 0)) {
            assertThat(stream.count()).isEqualTo(1);
        }
        assertThat(readQueries()).containsExactly("from=0&limit=1000");
    }

    @Test
    void aPageThatDoesNotMoveForwardIsAContractViolationNotAnEndlessLoop() {
        server.respondNext(200, "application/json", "{\"stream\":\"s\",\"events\":[{\"version\":0,"
                + "\"timestamp\":\"2026-11-27T12:00:00.123Z\",\"data\":{}}],\"nextVersion\":0,\"lastVersion\":5}");

        try (Stream<RecordedEvent<JsonNode>> stream = client.read("s", 0)) {
            assertThatThrownBy(stream::toList).isInstanceOfSatisfying(UnexpectedResponseException.class,
                    e -> assertThat(e.getMessage()).contains("nextVersion 0", "contract"));
        }
    }

    @Test
    void malformedReadBodiesNameWhatIsWrong() {
        server.respondNext(200, "application/json", "not json");
        server.respondNext(200, "application/json", "{\"events\":[],\"lastVersion\":1}");
        server.respondNext(200, "application/json", "{\"events\":[{\"version\":0,\"timestamp\":\"yesterday\",\"data\":{}}],"
                + "\"nextVersion\":1,\"lastVersion\":1}");

        assertThatThrownBy(() -> client.readPage("s", 0, 5)).isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> client.readPage("s", 0, 5)).isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("\"nextVersion\"");
        assertThatThrownBy(() -> client.readPage("s", 0, 5)).isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("yesterday");
    }
}
