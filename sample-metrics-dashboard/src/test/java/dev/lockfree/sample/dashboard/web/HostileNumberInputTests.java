package dev.lockfree.sample.dashboard.web;

import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.protocol.ExpectedVersion;
import dev.lockfree.eventstore.stream.EventStreams;
import dev.lockfree.sample.dashboard.sensors.SensorReading;
import dev.lockfree.sample.dashboard.support.AppTest;
import dev.lockfree.sample.dashboard.support.Json;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static dev.lockfree.sample.dashboard.support.Problems.assertFieldProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, numbers: stream data holding a number no finite double can hold (900 digits, {@code 1e400}) is
 * refused at append naming its JSON Pointer; an aggregate skips such a value if one is stored anyway; and a
 * sum that overflows is answered as {@code null} with {@code "overflow": true}, never as the string
 * {@code "Infinity"}.
 */
@AppTest
class HostileNumberInputTests {

    private static final String HUGE = "1.7976931348623157e308";
    private static final String NINES = "9".repeat(900);

    @Autowired
    EventStore<MetricEvent> metrics;

    @Autowired
    EventStore<SensorReading> sensors;

    @Autowired
    EventStreams<JsonNode> streams;

    @Autowired
    JsonMapper json;

    @Autowired
    RestTestClient http;

    String id;

    @BeforeEach
    void setUp() {
        id = UUID.randomUUID().toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "900-digit integer     | /v       | {\"v\":NINES}",
            "negative 900 digits   | /a/1/v   | {\"a\":[1,{\"v\":-NINES}]}",
            "1e400 overflows       | /v       | {\"v\":1e400}",
            "-1e400 overflows      | /v       | {\"ok\":1,\"v\":-1e400}",
            "just over the maximum | /x/0     | {\"x\":[1.7976931348623159e308]}",
            "huge decimal          | /v       | {\"v\":NINES.5}"})
    void streamDataNumberOutsideTheFiniteDoublesIsRefusedNamingItsPointer(String name, String pointer,
                                                                         String body) {
        String stream = "n/" + id;
        long appended = streams.store().statistics().totalAppended();

        RestTestClientResponse response = postJson("/streams/" + stream, body.replace("NINES", NINES));

        JsonNode problem = assertFieldProblem(response, 400, "invalid-request", pointer,
                "outside the range of a finite double");
        assertThat(problem.get("detail").stringValue()).doesNotContain(NINES.substring(0, 100));
        assertThat(streams.exists(stream)).isFalse();
        assertThat(streams.store().statistics().totalAppended()).isEqualTo(appended);
    }

    @Test
    void theLargestFiniteDoubleAndALongIntegerAreStillAccepted() {
        var max = postJson("/streams/n/" + id, "{\"v\":" + HUGE + ",\"w\":123456789012345678901234567890}");

        assertThat(max).hasStatus(201);
    }

    @ParameterizedTest
    @CsvSource({"temperature, 1e400", "humidity, -1e400"})
    void nonFiniteSensorValueIsRefused(String field, String value) {
        long appended = sensors.statistics().totalAppended();
        String temperature = field.equals("temperature") ? value : "20";
        String humidity = field.equals("humidity") ? value : "40";

        var response = postJson("/sensor", "{\"deviceId\":\"" + id + "\",\"temperature\":" + temperature
                + ",\"humidity\":" + humidity + "}");

        assertFieldProblem(response, 400, "invalid-request", field, "finite");
        assertThat(sensors.statistics().totalAppended()).isEqualTo(appended);
    }

    /**
     * Appends refuse such values now, but a snapshot written before could hold them: stored directly here,
     * they are skipped and counted, where the aggregate answered 500 on every request before.
     */
    @Test
    void aggregateSkipsAStoredValueThatIsNoFiniteDouble() {
        String stream = "n/" + id;
        JsonNodeFactory nodes = json.getNodeFactory();
        streams.append(stream, nodes.objectNode().put("v", new BigInteger(NINES)).put("g", "a"), ExpectedVersion.ANY);
        streams.append(stream, nodes.objectNode().put("v", Double.POSITIVE_INFINITY).put("g", "a"),
                ExpectedVersion.ANY);
        streams.append(stream, nodes.objectNode().put("v", 2.5).put("g", "a"), ExpectedVersion.ANY);
        ObjectNode objectGroup = nodes.objectNode().put("v", 1.5);
        objectGroup.putObject("g").put("nested", true);
        streams.append(stream, objectGroup, ExpectedVersion.ANY);

        RestTestClientResponse response = get("/streams/" + stream + "?aggregate=true&field=v&groupBy=g");

        assertThat(response).hasStatus(200);
        JsonNode aggregate = Json.of(response);
        assertThat(aggregate.get("count").longValue()).isEqualTo(2);
        assertThat(aggregate.get("skipped").longValue()).isEqualTo(2);
        assertThat(aggregate.get("sum").doubleValue()).isEqualTo(4.0);
        assertThat(aggregate.get("overflow").booleanValue()).isFalse();
        assertThat(aggregate.get("groups").get("a").get("sum").doubleValue()).isEqualTo(2.5);
        assertThat(aggregate.get("groups").get("{\"nested\":true}").get("count").longValue()).isEqualTo(1);
    }

    @Test
    void streamAggregateOfAnOverflowingSumIsNullWithOverflowTrue() {
        String stream = "n/" + id;
        for (int i = 0; i < 2; i++) {
            RestTestClientResponse appended = postJson("/streams/" + stream, "{\"v\":" + HUGE + ",\"g\":\"big\"}");
            assertThat(appended).hasStatus(201);
        }
        assertThat(postJson("/streams/" + stream, "{\"v\":1,\"g\":\"small\"}")).hasStatus(201);

        RestTestClientResponse response = get("/streams/" + stream + "?aggregate=true&field=v&groupBy=g");

        assertThat(response).hasStatus(200);
        assertNoNonFiniteText(response);
        JsonNode aggregate = Json.of(response);
        assertThat(aggregate.get("count").longValue()).isEqualTo(3);
        assertThat(aggregate.get("sum").isNull()).isTrue();
        assertThat(aggregate.get("avg").isNull()).isTrue();
        assertThat(aggregate.get("overflow").booleanValue()).isTrue();
        assertThat(aggregate.get("max").doubleValue()).isEqualTo(Double.MAX_VALUE);
        assertThat(aggregate.get("groups").get("big").get("sum").isNull()).isTrue();
        assertThat(aggregate.get("groups").get("big").get("overflow").booleanValue()).isTrue();
        assertThat(aggregate.get("groups").get("small").get("sum").doubleValue()).isEqualTo(1.0);
        assertThat(aggregate.get("groups").get("small").get("overflow").booleanValue()).isFalse();
    }

    /** A time of its own (no other test writes there), so the window and top queries see only these events. */
    @Test
    void metricQueriesOfAnOverflowingSumAnswerNullWithOverflowTrue() {
        Instant at = Instant.parse("2601-01-01T00:00:00Z").plusSeconds(Math.floorMod(id.hashCode(), 86_400));
        String big = "big-" + id;
        String small = "small-" + id;
        for (int i = 0; i < 2; i++) {
            assertThat(postJson("/metrics", "{\"label\":\"" + big + "\",\"value\":" + HUGE + ",\"timestamp\":\""
                    + at + "\"}")).hasStatus(202);
        }
        assertThat(postJson("/metrics", "{\"label\":\"" + small + "\",\"value\":3,\"timestamp\":\"" + at + "\"}"))
                .hasStatus(202);
        String range = "from=" + at + "&to=" + at;

        RestTestClientResponse window = get("/metrics/window?label=" + big + "&" + range);
        RestTestClientResponse sum = get("/metrics/sum?label=" + big + "&" + range);
        RestTestClientResponse smallSum = get("/metrics/sum?label=" + small + "&" + range);
        RestTestClientResponse top = get("/metrics/top?k=5&" + range);

        for (RestTestClientResponse response : new RestTestClientResponse[] {window, sum, smallSum, top}) {
            assertThat(response).hasStatus(200);
            assertNoNonFiniteText(response);
        }
        JsonNode stats = Json.of(window);
        assertThat(stats.get("count").longValue()).isEqualTo(2);
        assertThat(stats.get("sum").isNull()).isTrue();
        assertThat(stats.get("avg").isNull()).isTrue();
        assertThat(stats.get("min").doubleValue()).isEqualTo(Double.MAX_VALUE);
        assertThat(stats.get("overflow").booleanValue()).isTrue();
        assertThat(Json.of(sum).get("sum").isNull()).isTrue();
        assertThat(Json.of(sum).get("overflow").booleanValue()).isTrue();
        assertThat(Json.of(smallSum).get("sum").doubleValue()).isEqualTo(3.0);
        assertThat(Json.of(smallSum).get("overflow").booleanValue()).isFalse();
        JsonNode ranked = Json.of(top);
        assertThat(ranked.size()).isEqualTo(2);
        assertThat(ranked.get(0).get("label").stringValue()).isEqualTo(big);
        assertThat(ranked.get(0).get("value").isNull()).isTrue();
        assertThat(ranked.get(0).get("overflow").booleanValue()).isTrue();
        assertThat(ranked.get(1).get("value").doubleValue()).isEqualTo(3.0);
        assertThat(ranked.get(1).get("overflow").booleanValue()).isFalse();
    }

    /**
     * The dashboard shows the 8 labels with the most events in its window: appended to the store directly,
     * enough events that this label is among them whatever else the shared context holds.
     */
    @Test
    void dashboardOfAnOverflowingSumAnswersNullWithOverflowTrue() {
        String big = "big-" + id;
        long now = System.currentTimeMillis();
        assertThat(metrics.tryAppend(new MetricEvent(big, Double.MAX_VALUE, now))).isTrue();
        assertThat(metrics.tryAppend(new MetricEvent(big, Double.MAX_VALUE, now))).isTrue();
        for (int i = 0; i < 1000; i++) {
            assertThat(metrics.tryAppend(new MetricEvent(big, 0, now))).isTrue();
        }

        RestTestClientResponse response = get("/api/dashboard?minutes=1&step=60");

        assertThat(response).hasStatus(200);
        assertNoNonFiniteText(response);
        JsonNode series = null;
        for (JsonNode candidate : Json.of(response).get("series")) {
            if (candidate.get("label").stringValue().equals(big)) {
                series = candidate;
            }
        }
        assertThat(series).as(Json.text(response)).isNotNull();
        assertThat(series.get("sum").isNull()).isTrue();
        assertThat(series.get("avg").isNull()).isTrue();
        assertThat(series.get("overflow").booleanValue()).isTrue();
        assertThat(series.get("max").doubleValue()).isEqualTo(Double.MAX_VALUE);
        // One bucket (minutes=1, step=60): its average is drawn from the overflowed sum too.
        assertThat(series.get("avgs").size()).isEqualTo(1);
        assertThat(series.get("avgs").get(0).isNull()).isTrue();
    }

    @Test
    void sensorAverageOfAnOverflowingSumIsNullWithOverflowTrue() {
        for (int i = 0; i < 2; i++) {
            RestTestClientResponse appended = postJson("/sensor", "{\"deviceId\":\"" + id + "\",\"temperature\":" + HUGE
                    + ",\"humidity\":40}");
            assertThat(appended).hasStatus(202);
        }

        RestTestClientResponse device = get("/sensor/" + id);
        RestTestClientResponse state = get("/state");

        for (RestTestClientResponse response : new RestTestClientResponse[] {device, state}) {
            assertThat(response).hasStatus(200);
            assertNoNonFiniteText(response);
        }
        JsonNode temperature = Json.of(device).get("temperature");
        assertThat(temperature.get("avg").isNull()).isTrue();
        assertThat(temperature.get("overflow").booleanValue()).isTrue();
        assertThat(temperature.get("max").doubleValue()).isEqualTo(Double.MAX_VALUE);
        assertThat(Json.of(device).get("humidity").get("avg").doubleValue()).isEqualTo(40.0);
        assertThat(Json.of(device).get("humidity").get("overflow").booleanValue()).isFalse();
    }

    private static void assertNoNonFiniteText(RestTestClientResponse response) {
        assertThat(Json.text(response)).as(Json.text(response)).doesNotContain("Infinity").doesNotContain("NaN");
    }

    private RestTestClientResponse get(String uri, Object... uriVariables) {
        return RestTestClientResponse.from(http.get().uri(uri, uriVariables).exchange());
    }

    private RestTestClientResponse postJson(String uri, String json) {
        return post(uri, MediaType.APPLICATION_JSON_VALUE, json);
    }

    private RestTestClientResponse post(String uri, String contentType, String body) {
        return RestTestClientResponse.from(
                http.post().uri(uri).header("Content-Type", contentType).body(body).exchange());
    }
}
