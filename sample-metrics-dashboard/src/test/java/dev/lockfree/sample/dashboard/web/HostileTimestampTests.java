package dev.lockfree.sample.dashboard.web;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.sample.dashboard.sensors.SensorReading;
import dev.lockfree.sample.dashboard.support.AppTest;
import dev.lockfree.sample.dashboard.support.Json;

import static dev.lockfree.sample.dashboard.support.Problems.assertFieldProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, instants: the stores keep epoch milliseconds, which {@code +999999999-12-31T23:59:59Z} overflows
 * (500 before). The API accepts years 0000 to 9999 (ISO-8601 without an expanded year) in bodies and in
 * {@code from}/{@code to}, and refuses anything else with a 400 naming the field.
 */
@AppTest
class HostileTimestampTests {

    @Autowired
    EventStore<MetricEvent> metrics;

    @Autowired
    EventStore<SensorReading> sensors;

    @Autowired
    RestTestClient http;

    String label;

    @BeforeEach
    void setUp() {
        label = "ts-" + UUID.randomUUID();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
            "-0001-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999-00:01", "0000-01-01T00:00:00+00:01"})
    void metricTimestampOutsideYears0000To9999IsRefused(String timestamp) {
        long appended = metrics.statistics().totalAppended();

        var response = postJson("/metrics", "{\"label\":\"" + label + "\",\"value\":1,\"timestamp\":\""
                + timestamp + "\"}");

        assertFieldProblem(response, 400, "invalid-request", "timestamp",
                "timestamp must be between 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z");
        assertThat(metrics.statistics().totalAppended()).isEqualTo(appended);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"})
    void sensorTimestampOutsideYears0000To9999IsRefused(String timestamp) {
        long appended = sensors.statistics().totalAppended();

        RestTestClientResponse response = postJson("/sensor", "{\"deviceId\":\"" + label + "\",\"temperature\":20,"
                + "\"humidity\":40,\"timestamp\":\"" + timestamp + "\"}");

        assertFieldProblem(response, 400, "invalid-request", "timestamp", "must be between");
        assertThat(sensors.statistics().totalAppended()).isEqualTo(appended);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"})
    void theBoundsAreAcceptedStoredAndQueryable(String timestamp) {
        Instant at = Instant.parse(timestamp);

        RestTestClientResponse metric = postJson("/metrics", "{\"label\":\"" + label + "\",\"value\":2,\"timestamp\":\""
                + timestamp + "\"}");
        RestTestClientResponse sensor = postJson("/sensor", "{\"deviceId\":\"" + label + "\",\"temperature\":20,"
                + "\"humidity\":40,\"timestamp\":\"" + timestamp + "\"}");

        assertThat(metric).hasStatus(202);
        assertThat(Json.of(metric).get("timestamp").stringValue()).isEqualTo(timestamp);
        assertThat(sensor).hasStatus(202);
        RestTestClientResponse sum = get("/metrics/sum?label=" + label + "&from=" + at + "&to=" + at);
        assertThat(sum).hasStatus(200);
        assertThat(Json.of(sum).get("sum").doubleValue()).isEqualTo(2.0);
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource({
            "/metrics/window?,            from, +999999999-12-31T23:59:59Z",
            "/metrics/window?,            to,   -999999999-01-01T00:00:00Z",
            "/metrics/sum?label=x&,       from, +10000-01-01T00:00:00Z",
            "/metrics/sum?label=x&,       to,   +999999999-12-31T23:59:59Z",
            "/metrics/top?,               from, -999999999-01-01T00:00:00Z",
            "/metrics/top?,               to,   +999999999-12-31T23:59:59Z"})
    void queryBoundOutsideYears0000To9999IsRefused(String route, String parameter, String instant) {
        // a URI variable: its + is sent as %2B
        var response = get(route + parameter + "={instant}", instant);

        assertFieldProblem(response, 400, "invalid-request", parameter, parameter + " must be between");
    }

    @Test
    void queryBoundsAtTheLimitsAreAccepted() {
        RestTestClientResponse response = get("/metrics/window?from=0000-01-01T00:00:00Z&to=9999-12-31T23:59:59.999Z");

        assertThat(response).hasStatus(200);
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
