package dev.lockfree.sample.dashboard.web;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.sample.dashboard.sensors.SensorReading;
import dev.lockfree.sample.dashboard.support.AppTest;
import dev.lockfree.sample.dashboard.support.HttpApi;
import dev.lockfree.sample.dashboard.support.HttpApi.Response;

import static dev.lockfree.sample.dashboard.support.Problems.assertFieldProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, instants: the stores keep epoch milliseconds, which {@code +999999999-12-31T23:59:59Z} overflows
 * (500 before). The API accepts years 0000 to 9999 (ISO-8601 without an expanded year) in bodies and in
 * {@code from}/{@code to}, and refuses anything else with a 400 naming the field.
 */
@AppTest
class HostileTimestampTests {

    @LocalServerPort
    int port;

    @Autowired
    EventStore<MetricEvent> metrics;

    @Autowired
    EventStore<SensorReading> sensors;

    HttpApi api;
    String label;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        label = "ts-" + UUID.randomUUID();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
            "-0001-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999-00:01", "0000-01-01T00:00:00+00:01"})
    void metricTimestampOutsideYears0000To9999IsRefused(String timestamp) {
        long appended = metrics.statistics().totalAppended();

        Response response = api.postJson("/metrics", "{\"label\":\"" + label + "\",\"value\":1,\"timestamp\":\""
                + timestamp + "\"}");

        assertFieldProblem(response, 400, "invalid-request", "timestamp",
                "timestamp must be between 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z");
        assertThat(metrics.statistics().totalAppended()).isEqualTo(appended);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"})
    void sensorTimestampOutsideYears0000To9999IsRefused(String timestamp) {
        long appended = sensors.statistics().totalAppended();

        Response response = api.postJson("/sensor", "{\"deviceId\":\"" + label + "\",\"temperature\":20,"
                + "\"humidity\":40,\"timestamp\":\"" + timestamp + "\"}");

        assertFieldProblem(response, 400, "invalid-request", "timestamp", "must be between");
        assertThat(sensors.statistics().totalAppended()).isEqualTo(appended);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"})
    void theBoundsAreAcceptedStoredAndQueryable(String timestamp) {
        Instant at = Instant.parse(timestamp);

        Response metric = api.postJson("/metrics", "{\"label\":\"" + label + "\",\"value\":2,\"timestamp\":\""
                + timestamp + "\"}");
        Response sensor = api.postJson("/sensor", "{\"deviceId\":\"" + label + "\",\"temperature\":20,"
                + "\"humidity\":40,\"timestamp\":\"" + timestamp + "\"}");

        assertThat(metric.status()).as(metric.toString()).isEqualTo(202);
        assertThat(metric.json().get("timestamp").stringValue()).isEqualTo(timestamp);
        assertThat(sensor.status()).as(sensor.toString()).isEqualTo(202);
        Response sum = api.get("/metrics/sum?label=" + label + "&from=" + at + "&to=" + at);
        assertThat(sum.status()).as(sum.toString()).isEqualTo(200);
        assertThat(sum.json().get("sum").doubleValue()).isEqualTo(2.0);
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
        Response response = api.get(route + parameter + "=" + instant.replace("+", "%2B"));

        assertFieldProblem(response, 400, "invalid-request", parameter, parameter + " must be between");
    }

    @Test
    void queryBoundsAtTheLimitsAreAccepted() {
        Response response = api.get("/metrics/window?from=0000-01-01T00:00:00Z&to=9999-12-31T23:59:59.999Z");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }
}
