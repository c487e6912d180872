package dev.lockfree.eventstore.boot.actuate.endpoint;


import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint over HTTP through Spring MVC ({@link MockMvcTester}), with the default access: reads work,
 * the write operation is refused. Health and info ride along.
 */
@DirtiesContext // closes the context (final snapshot included) before its snapshot directory is deleted
@AutoConfigureMockMvc
@SpringBootTest(classes = WebTestApplication.class, properties = {
        "management.endpoints.web.exposure.include=eventstore,health,info",
        "management.endpoint.health.show-details=always",
        "management.info.eventstore.enabled=true",
        "eventstore.stores.orders.event-type=dev.lockfree.eventstore.Event",
        "eventstore.stores.orders.partitions=2",
        "eventstore.stores.orders.capacity-per-partition=100",
        "eventstore.stores.cache.event-type=dev.lockfree.eventstore.MetricEvent",
        "eventstore.stores.cache.partitions=1",
        "eventstore.stores.cache.snapshot.enabled=false",
        "eventstore.snapshot.enabled=true",
        "eventstore.snapshot.interval=1h",
        "eventstore.snapshot.min-events-between=0" })
class EventStoreEndpointWebTests extends SnapshotDirectoryWebTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    EventStore<Event> orders;

    @Test
    void allStores() {
        orders.tryAppend(new Event(1, 1.5, 1_000), 0);
        orders.tryAppend(new Event(2, 2.5, 2_000), 1);
        MvcTestResult response = mvc.get().uri("/actuator/eventstore").exchange();
        assertThat(response).hasStatus(200)
                .hasContentTypeCompatibleWith("application/vnd.spring-boot.actuator.v3+json");
        JsonNode json = WebTestJson.of(response);
        JsonNode store = json.at("/stores/orders");
        assertThat(store.at("/eventType").asString()).isEqualTo("dev.lockfree.eventstore.Event");
        assertThat(store.at("/capacity").asLong()).isEqualTo(200);
        assertThat(store.at("/partitions").asInt()).isEqualTo(2);
        assertThat(store.at("/buffered").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(store.at("/appended").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(store.at("/discarded").isNumber()).isTrue();
        assertThat(store.at("/rejected").isNumber()).isTrue();
        assertThat(store.at("/lateEvents").isNumber()).isTrue();
        assertThat(store.at("/appendsPerSecond").isNumber()).isTrue();
        assertThat(store.at("/lastAppend").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z"); // ISO-8601
        assertThat(store.at("/full").asBoolean()).isFalse();
        assertThat(store.at("/overflowPolicy").asString()).isEqualTo("evict-oldest");
        assertThat(store.at("/snapshot/enabled").asBoolean()).isTrue();
        assertThat(store.at("/snapshot/running").asBoolean()).isTrue();
        assertThat(store.at("/snapshot/failures").asLong()).isZero();
        assertThat(store.at("/snapshot/consecutiveFailures").asInt()).isZero();
        assertThat(store.has("partitionDetails")).isFalse(); // only in the per-store view
        assertThat(json.at("/stores/cache/snapshot/enabled").asBoolean()).isFalse();
        assertThat(json.at("/stores").propertyNames()).containsExactly("orders", "cache");
    }

    @Test
    void oneStoreWithItsPartitions() {
        orders.tryAppend(new Event(3, 3.5, 3_000), 1);
        MvcTestResult response = mvc.get().uri("/actuator/eventstore/orders").exchange();
        assertThat(response).hasStatus(200);
        JsonNode store = WebTestJson.of(response);
        assertThat(store.at("/name").asString()).isEqualTo("orders");
        assertThat(store.at("/capacity").asLong()).isEqualTo(200);
        assertThat(store.at("/purged").isNumber()).isTrue();
        JsonNode partitions = store.at("/partitionDetails");
        assertThat(partitions.size()).isEqualTo(2);
        assertThat(partitions.get(1).at("/partition").asInt()).isEqualTo(1);
        assertThat(partitions.get(1).at("/capacity").asInt()).isEqualTo(100);
        assertThat(partitions.get(1).at("/appended").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(partitions.get(1).at("/snapshot/headVersion").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(partitions.get(1).at("/snapshot/pendingEvents").isNumber()).isTrue();
        assertThat(partitions.get(0).at("/snapshot/lastVersion").isNumber()).isTrue();

        JsonNode cache = WebTestJson.of(mvc.get().uri("/actuator/eventstore/cache").exchange());
        assertThat(cache.at("/partitionDetails").size()).isEqualTo(1);
        // Actuator's JSON leaves out null values: a store that is not persisted has no partition snapshot
        assertThat(cache.at("/partitionDetails/0").has("snapshot")).isFalse();
        assertThat(cache.at("/partitionDetails/0").has("appended")).isTrue();
    }

    @Test
    void anUnknownStoreIsNotFoundWithAProblemBody() {
        MvcTestResult response = mvc.get().uri("/actuator/eventstore/nope").exchange();
        assertThat(response).hasStatus(404).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response).bodyJson().extractingPath("$.status").asNumber().isEqualTo(404);
        assertThat(response).bodyJson().extractingPath("$.detail").isEqualTo("No event store named 'nope'");
    }

    @Test
    void snapshotOnDemandNeedsWriteAccess() {
        assertThat(mvc.post().uri("/actuator/eventstore/orders").contentType(MediaType.APPLICATION_JSON))
                .hasStatus(405);
    }

    @Test
    void healthHasOneComponentPerStore() {
        MvcTestResult response = mvc.get().uri("/actuator/health/eventstore").exchange();
        assertThat(response).hasStatus(200);
        JsonNode json = WebTestJson.of(response);
        assertThat(json.at("/status").asString()).isEqualTo("UP");
        assertThat(json.at("/components/orders/status").asString()).isEqualTo("UP");
        assertThat(json.at("/components/orders/details/snapshotEnabled").asBoolean()).isTrue();
        assertThat(json.at("/components/orders/details/maxSnapshotAge").asString()).isEqualTo("PT3H");
        assertThat(json.at("/components/cache/details/snapshotEnabled").asBoolean()).isFalse();
    }

    @Test
    void infoDescribesTheStores() {
        JsonNode info = WebTestJson.of(mvc.get().uri("/actuator/info").exchange()).at("/eventstore");
        assertThat(info.at("/stores/orders/partitions").asInt()).isEqualTo(2);
        assertThat(info.at("/stores/orders/capacityPerPartition").asInt()).isEqualTo(100);
        assertThat(info.at("/stores/orders/window").asString()).isEqualTo("PT5M");
        assertThat(info.at("/stores/cache/snapshotEnabled").asBoolean()).isFalse();
        assertThat(info.at("/snapshot/interval").asString()).isEqualTo("PT1H");
        assertThat(info.at("/snapshot/directory").asString()).isEqualTo(snapshots.toString());
    }
}
