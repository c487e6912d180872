package dev.lockfree.eventstore.boot.actuate.endpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.lockfree.eventstore.boot.snapshot.SnapshotFixtures.FlakyCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /actuator/eventstore/{store}} with {@code management.endpoint.eventstore.access=unrestricted},
 * and a store whose snapshots fail turning health DOWN.
 */
@Import(EventStoreEndpointWriteWebTests.FlakyCodecConfiguration.class)
@DirtiesContext // closes the context (final snapshot included) before its snapshot directory is deleted
@AutoConfigureMockMvc
@SpringBootTest(classes = WebTestApplication.class, properties = {
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

    @Autowired
    MockMvcTester mvc;

    @Autowired
    EventStore<Event> ordersEventStore;

    @Autowired
    @Qualifier("flaky")
    EventStore<Event> flaky;

    @Autowired
    FlakyCodec flakyCodec;

    @Test
    void failingSnapshotsShowInTheEndpointAndTurnHealthDownAfterTheThreshold() {
        flakyCodec.failing.set(true);
        try {
            flaky.tryAppend(new Event(1, 1, 1));
            flaky.tryAppend(new Event(2, 2, 2)); // a codec failing on every event of two is broken: the save fails
            MvcTestResult first = post("/actuator/eventstore/flaky");
            assertThat(first).hasStatus(200);
            JsonNode firstJson = WebTestJson.of(first);
            assertThat(firstJson.at("/partitionsWritten").asInt()).isZero();
            assertThat(firstJson.at("/snapshot/failures").asLong()).isEqualTo(1);
            assertThat(firstJson.at("/snapshot/lastError").asString()).contains("snapshot.save of partition 0")
                    .contains("disk on fire");
            assertThat(WebTestJson.of(get("/actuator/health/eventstore/flaky")).at("/status").asString())
                    .isEqualTo("UP");

            post("/actuator/eventstore/flaky");
            MvcTestResult down = get("/actuator/health/eventstore/flaky");
            assertThat(down).hasStatus(503);
            assertThat(WebTestJson.of(down).at("/status").asString()).isEqualTo("DOWN");
            assertThat(WebTestJson.of(down).at("/details/consecutiveFailures").asInt()).isEqualTo(2);
            assertThat(get("/actuator/health")).hasStatus(503);
            assertThat(WebTestJson.of(get("/actuator/health/eventstore/orders")).at("/status").asString())
                    .isEqualTo("UP");
        } finally {
            flakyCodec.failing.set(false);
        }
        assertThat(WebTestJson.of(post("/actuator/eventstore/flaky")).at("/partitionsWritten").asInt()).isEqualTo(1);
        assertThat(get("/actuator/health/eventstore/flaky")).hasStatus(200);
    }

    @Test
    void snapshotNowWritesTheChangedPartitionsAndSaysWhat() throws Exception {
        ordersEventStore.tryAppend(new Event(1, 1, 1), 1);
        MvcTestResult response = post("/actuator/eventstore/orders");
        assertThat(response).hasStatus(200);
        JsonNode json = WebTestJson.of(response);
        assertThat(json.at("/store").asString()).isEqualTo("orders");
        assertThat(json.at("/partitionsWritten").asInt()).isEqualTo(1);
        assertThat(json.at("/snapshot/snapshots").asLong()).isEqualTo(1);
        assertThat(json.at("/snapshot/lastSizeBytes").asLong()).isPositive();
        assertThat(json.at("/snapshot/pendingEvents").asLong()).isZero();
        try (Stream<Path> files = Files.walk(snapshots.resolve("orders"))) {
            assertThat(files.filter(Files::isRegularFile).map(Path::toString)).anyMatch(f -> f.contains("1"));
        }
        // nothing changed since: nothing is rewritten
        assertThat(WebTestJson.of(post("/actuator/eventstore/orders")).at("/partitionsWritten").asInt()).isZero();
    }

    @Test
    void aStoreThatIsNotPersistedIsAConflict() {
        MvcTestResult response = post("/actuator/eventstore/cache");
        assertThat(response).hasStatus(409).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(WebTestJson.of(response).at("/detail").asString())
                .contains("'cache' is not persisted").contains("eventstore.stores.cache.snapshot.enabled=false");
    }

    @Test
    void anUnknownStoreIsNotFound() {
        MvcTestResult response = post("/actuator/eventstore/nope");
        assertThat(response).hasStatus(404);
        assertThat(response).bodyJson().extractingPath("$.detail").isEqualTo("No event store named 'nope'");
    }

    private MvcTestResult get(String uri) {
        return mvc.get().uri(uri).exchange();
    }

    private MvcTestResult post(String uri) {
        return mvc.post().uri(uri).contentType(MediaType.APPLICATION_JSON).exchange();
    }
}
