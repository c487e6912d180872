package dev.lockfree.eventstore.boot.actuate.endpoint;


import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint over HTTP on a real Tomcat (127.0.0.1, random port), with the default access: reads work,
 * the write operation is refused. Health and info ride along.
 */
@DirtiesContext // closes the context (final snapshot included) before its snapshot directory is deleted
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
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

    @LocalServerPort
    int port;

    @Autowired
    EventStore<Event> orders;

    @Test
    void allStores() throws Exception {
        orders.tryAppend(new Event(1, 1.5, 1_000), 0);
        orders.tryAppend(new Event(2, 2.5, 2_000), 1);
        HttpFixture.Response response = http().get("/actuator/eventstore");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/vnd.spring-boot.actuator.v3+json");
        JsonNode store = response.json().at("/stores/orders");
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
        assertThat(response.json().at("/stores/cache/snapshot/enabled").asBoolean()).isFalse();
        assertThat(response.json().at("/stores").propertyNames()).containsExactly("orders", "cache");
    }

    @Test
    void oneStoreWithItsPartitions() throws Exception {
        orders.tryAppend(new Event(3, 3.5, 3_000), 1);
        HttpFixture.Response response = http().get("/actuator/eventstore/orders");
        assertThat(response.status()).isEqualTo(200);
        JsonNode store = response.json();
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

        JsonNode cache = http().get("/actuator/eventstore/cache").json();
        assertThat(cache.at("/partitionDetails").size()).isEqualTo(1);
        // Actuator's JSON leaves out null values: a store that is not persisted has no partition snapshot
        assertThat(cache.at("/partitionDetails/0").has("snapshot")).isFalse();
        assertThat(cache.at("/partitionDetails/0").has("appended")).isTrue();
    }

    @Test
    void anUnknownStoreIsNotFoundWithAProblemBody() throws Exception {
        HttpFixture.Response response = http().get("/actuator/eventstore/nope");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().at("/status").asInt()).isEqualTo(404);
        assertThat(response.json().at("/detail").asString()).isEqualTo("No event store named 'nope'");
    }

    @Test
    void snapshotOnDemandNeedsWriteAccess() throws Exception {
        assertThat(http().post("/actuator/eventstore/orders").status()).isEqualTo(405);
    }

    @Test
    void healthHasOneComponentPerStore() throws Exception {
        HttpFixture.Response response = http().get("/actuator/health/eventstore");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().at("/status").asString()).isEqualTo("UP");
        assertThat(response.json().at("/components/orders/status").asString()).isEqualTo("UP");
        assertThat(response.json().at("/components/orders/details/snapshotEnabled").asBoolean()).isTrue();
        assertThat(response.json().at("/components/orders/details/maxSnapshotAge").asString()).isEqualTo("PT3H");
        assertThat(response.json().at("/components/cache/details/snapshotEnabled").asBoolean()).isFalse();
    }

    @Test
    void infoDescribesTheStores() throws Exception {
        JsonNode info = http().get("/actuator/info").json().at("/eventstore");
        assertThat(info.at("/stores/orders/partitions").asInt()).isEqualTo(2);
        assertThat(info.at("/stores/orders/capacityPerPartition").asInt()).isEqualTo(100);
        assertThat(info.at("/stores/orders/window").asString()).isEqualTo("PT5M");
        assertThat(info.at("/stores/cache/snapshotEnabled").asBoolean()).isFalse();
        assertThat(info.at("/snapshot/interval").asString()).isEqualTo("PT1H");
        assertThat(info.at("/snapshot/directory").asString()).isEqualTo(snapshots.toString());
    }

    private HttpFixture http() {
        return new HttpFixture(port);
    }
}
