package dev.lockfree.eventstore.boot.kafka;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /actuator/eventstorewindow/{store}} on a real server (random port, loopback), read by the
 * {@link HttpOwnerClient} that other instances use, and its problem bodies.
 */
@SpringBootTest(classes = EventStoreWindowEndpointWebTests.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
                "server.address=127.0.0.1",
                "management.endpoints.web.exposure.include=eventstorewindow" })
class EventStoreWindowEndpointWebTests {

    private static final AtomicReference<SortedSet<Integer>> HELD = ClusterStores.held(0, 2, 3);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        EventStore<MetricEvent> orders() {
            return ClusterStores.store();
        }

        @Bean
        KafkaFedStore ordersFed(EventStore<MetricEvent> orders) {
            return ClusterStores.fed(KafkaFeedMode.SHARD, orders, HELD);
        }

        @Bean
        KafkaFedStore noWindows() {
            return new KafkaFedStore("raw", "raw-topic", "raw-view", KafkaFeedMode.SHARD,
                    new EventStore<MetricEvent>(16, 2), () -> new TreeSet<>(Set.of(0, 1)));
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    EventStore<MetricEvent> orders;

    @Autowired
    KafkaFedStore ordersFed;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper mapper = JsonMapper.builder().build();

    private URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersForTheHeldPartitionsAndTheClientReadsItBackExactly() throws Exception {
        orders.tryAppend(new MetricEvent("m", 0.1, 1_000), 0);
        orders.tryAppend(new MetricEvent("m", 0.2, 1_200), 2);
        orders.tryAppend(new MetricEvent("m", 1e308, 1_300), 3);
        orders.tryAppend(new MetricEvent("m", 7, 1_400), 1); // not held: never answered
        Instant from = Instant.ofEpochMilli(0);
        Instant to = Instant.ofEpochMilli(60_000);

        HttpResponse<String> response = get("/actuator/eventstorewindow/orders?from=" + from + "&to=" + to);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = mapper.readTree(response.body());
        assertThat(json.get("store").asString()).isEqualTo("orders");
        assertThat(json.get("partitions").toString()).isEqualTo("[0,2,3]");
        assertThat(json.get("missingPartitions").toString()).isEqualTo("[1,4,5]");
        assertThat(json.get("count").asLong()).isEqualTo(3);
        assertThat(json.get("sum").isNumber()).isTrue();
        assertThat(json.get("min").asDouble()).isEqualTo(0.1);
        assertThat(json.get("overflow").asBoolean()).isFalse();

        HttpOwnerClient client = new HttpOwnerClient(http, mapper, "/actuator/eventstorewindow",
                UnaryOperator.identity());
        SortedSet<Integer> asked = new TreeSet<>(Set.of(1, 2, 3));
        ClusterAggregate remote = client.windowAggregate(base(), "orders", from, to, asked, Duration.ofSeconds(5))
                .get();
        assertThat(remote).isEqualTo(ordersFed.aggregateHeld(from, to, asked));
        assertThat(remote.partitions()).containsExactly(2, 3);
        assertThat(remote.missingPartitions()).containsExactly(1);
        assertThat(remote.aggregate().sum()).isEqualTo(0.2 + 1e308);

        orders.tryAppend(new MetricEvent("m", 1e308, 1_500), 3); // the sum leaves the doubles
        ClusterAggregate overflow = client.windowAggregate(base(), "orders", from, to, asked, Duration.ofSeconds(5))
                .get();
        assertThat(overflow.aggregate().sum()).isEqualTo(Double.POSITIVE_INFINITY);
        JsonNode overflowJson = mapper.readTree(get("/actuator/eventstorewindow/orders?from=" + from + "&to=" + to
                + "&partitions=3").body());
        assertThat(overflowJson.get("sum").isNull()).isTrue();
        assertThat(overflowJson.get("overflow").asBoolean()).isTrue();
        assertThat(overflowJson.at("/nonFinite/sum").asString()).isEqualTo("Infinity");
    }

    @Test
    void lastIsAnIsoOrBootDuration() throws Exception {
        for (String last : new String[] { "PT5M", "5m" }) {
            HttpResponse<String> response = get("/actuator/eventstorewindow/orders?last=" + last);
            assertThat(response.statusCode()).as(last).isEqualTo(200);
            JsonNode json = mapper.readTree(response.body());
            assertThat(json.get("partitions").toString()).isEqualTo("[0,2,3]");
        }
    }

    @Test
    void badParametersAreProblemsNamingTheParameter() throws Exception {
        assertProblem("/actuator/eventstorewindow/orders?from=yesterday&to=2026-01-01T00:00:00Z", 400, "from",
                "'yesterday' is not an ISO-8601 instant");
        assertProblem("/actuator/eventstorewindow/orders?from=2026-01-01T00:00:00Z", 400, "to", "to");
        assertProblem("/actuator/eventstorewindow/orders", 400, "from", "or last");
        assertProblem("/actuator/eventstorewindow/orders?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", 400,
                "from", "must not be after");
        assertProblem("/actuator/eventstorewindow/orders?last=PT1M&from=2026-01-01T00:00:00Z", 400, "last",
                "not both");
        assertProblem("/actuator/eventstorewindow/orders?last=forever", 400, "last", "not a duration");
        assertProblem("/actuator/eventstorewindow/orders?last=-PT1M", 400, "last", "must not be negative");
        assertProblem("/actuator/eventstorewindow/orders?last=PT1M&partitions=0,6", 400, "partitions",
                "partition 6 is out of range [0, 6)");
        assertProblem("/actuator/eventstorewindow/orders?last=PT1M&partitions=0,x", 400, "partitions", "'x'");
    }

    @Test
    void anUnknownStoreIs404AndAStoreWithoutWindowsIs409() throws Exception {
        HttpResponse<String> missing = get("/actuator/eventstorewindow/payments?last=PT1M");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(mapper.readTree(missing.body()).get("detail").asString()).contains("'payments'");
        HttpResponse<String> raw = get("/actuator/eventstorewindow/raw?last=PT1M");
        assertThat(raw.statusCode()).isEqualTo(409);
        assertThat(mapper.readTree(raw.body()).get("detail").asString()).contains("'raw'");
    }

    @Test
    void theClientTurnsAnErrorStatusIntoAFailedAnswer() {
        HttpOwnerClient client = new HttpOwnerClient(http, mapper, "/actuator/eventstorewindow",
                UnaryOperator.identity());
        assertThat(client.windowAggregate(base(), "payments", Instant.EPOCH, Instant.EPOCH, new TreeSet<>(Set.of(0)),
                Duration.ofSeconds(5))).failsWithin(Duration.ofSeconds(10))
                .withThrowableThat().withMessageContaining("404").withMessageContaining("payments");
    }

    private void assertProblem(String pathAndQuery, int status, String parameter, String detail) throws Exception {
        HttpResponse<String> response = get(pathAndQuery);
        assertThat(response.statusCode()).as(pathAndQuery).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(pathAndQuery).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = mapper.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("parameter").asString()).as(pathAndQuery).isEqualTo(parameter);
        assertThat(problem.get("detail").asString()).as(pathAndQuery).contains(detail);
    }
}
