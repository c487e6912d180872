package dev.lockfree.eventstore.boot.actuate.endpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import org.junit.jupiter.api.Test;

import dev.lockfree.eventstore.boot.autoconfigure.SnapshotFixtures.FlakyCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /actuator/eventstore/{store}} with {@code management.endpoint.eventstore.access=unrestricted},
 * and a store whose snapshots fail turning health DOWN.
 */
@Import(EventStoreEndpointWriteWebTests.FlakyCodecConfiguration.class)
@DirtiesContext // closes the context (final snapshot included) before its snapshot directory is deleted
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "management.endpoints.web.exposure.include=eventstore,health",
        "management.endpoint.health.show-details=always",
        "management.endpoint.eventstore.access=unrestricted",
        "eventstore.health.max-consecutive-failures=2",
        "eventstore.stores.flaky.event-type=dev.lockfree.eventstore.Event",
        "eventstore.stores.flaky.partitions=1",
        "eventstore.stores.orders.event-type=dev.lockfree.eventstore.Event",
        "eventstore.stores.orders.partitions=2",
        "eventstore.stores.cache.event-type=dev.lockfree.eventstore.Event",
        "eventstore.stores.cache.snapshot.enabled=false",
        "eventstore.snapshot.enabled=true",
        "eventstore.snapshot.interval=1h",
        "eventstore.snapshot.min-events-between=0" })
class EventStoreEndpointWriteWebTests extends SnapshotDirectoryWebTest {

    /** The codec of store 'flaky' (a bean named {@code <store>EventCodec} overrides the store's codec). */
    @TestConfiguration(proxyBeanMethods = false)
    static class FlakyCodecConfiguration {

        @Bean
        FlakyCodec flakyEventCodec() {
            return new FlakyCodec();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    EventStore<Event> ordersEventStore;

    @Autowired
    @Qualifier("flaky")
    EventStore<Event> flaky;

    @Autowired
    FlakyCodec flakyCodec;

    @Test
    void failingSnapshotsShowInTheEndpointAndTurnHealthDownAfterTheThreshold() throws Exception {
        HttpFixture http = new HttpFixture(port);
        flakyCodec.failing.set(true);
        try {
            flaky.tryAppend(new Event(1, 1, 1));
            flaky.tryAppend(new Event(2, 2, 2)); // a codec failing on every event of two is broken: the save fails
            HttpFixture.Response first = http.post("/actuator/eventstore/flaky");
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.json().at("/partitionsWritten").asInt()).isZero();
            assertThat(first.json().at("/snapshot/failures").asLong()).isEqualTo(1);
            assertThat(first.json().at("/snapshot/lastError").asString()).contains("snapshot.save of partition 0")
                    .contains("disk on fire");
            assertThat(http.get("/actuator/health/eventstore/flaky").json().at("/status").asString()).isEqualTo("UP");

            http.post("/actuator/eventstore/flaky");
            HttpFixture.Response down = http.get("/actuator/health/eventstore/flaky");
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().at("/status").asString()).isEqualTo("DOWN");
            assertThat(down.json().at("/details/consecutiveFailures").asInt()).isEqualTo(2);
            assertThat(http.get("/actuator/health").status()).isEqualTo(503);
            assertThat(http.get("/actuator/health/eventstore/orders").json().at("/status").asString()).isEqualTo("UP");
        } finally {
            flakyCodec.failing.set(false);
        }
        assertThat(http.post("/actuator/eventstore/flaky").json().at("/partitionsWritten").asInt()).isEqualTo(1);
        assertThat(http.get("/actuator/health/eventstore/flaky").status()).isEqualTo(200);
    }

    @Test
    void snapshotNowWritesTheChangedPartitionsAndSaysWhat() throws Exception {
        ordersEventStore.tryAppend(new Event(1, 1, 1), 1);
        HttpFixture.Response response = new HttpFixture(port).post("/actuator/eventstore/orders");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().at("/store").asString()).isEqualTo("orders");
        assertThat(response.json().at("/partitionsWritten").asInt()).isEqualTo(1);
        assertThat(response.json().at("/snapshot/snapshots").asLong()).isEqualTo(1);
        assertThat(response.json().at("/snapshot/lastSizeBytes").asLong()).isPositive();
        assertThat(response.json().at("/snapshot/pendingEvents").asLong()).isZero();
        try (Stream<Path> files = Files.walk(snapshots.resolve("orders"))) {
            assertThat(files.filter(Files::isRegularFile).map(Path::toString)).anyMatch(f -> f.contains("1"));
        }
        // nothing changed since: nothing is rewritten
        assertThat(new HttpFixture(port).post("/actuator/eventstore/orders").json().at("/partitionsWritten").asInt())
                .isZero();
    }

    @Test
    void aStoreThatIsNotPersistedIsAConflict() throws Exception {
        HttpFixture.Response response = new HttpFixture(port).post("/actuator/eventstore/cache");
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().at("/detail").asString())
                .contains("'cache' is not persisted").contains("eventstore.stores.cache.snapshot.enabled=false");
    }

    @Test
    void anUnknownStoreIsNotFound() throws Exception {
        HttpFixture.Response response = new HttpFixture(port).post("/actuator/eventstore/nope");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().at("/detail").asString()).isEqualTo("No event store named 'nope'");
    }
}
