package dev.lockfree.sample.dashboard.sensors;

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
import dev.lockfree.sample.dashboard.support.AppTest;
import dev.lockfree.sample.dashboard.support.Json;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@AppTest
class SensorApiTests {

    @Autowired
    RestTestClient http;

    @Autowired
    EventStore<SensorReading> sensors;

    String device;

    @BeforeEach
    void setUp() {
        device = "dev-" + UUID.randomUUID();
    }

    private RestTestClientResponse post(double temperature, double humidity) {
        return postJson("{\"deviceId\":\"" + device + "\",\"temperature\":" + temperature
                + ",\"humidity\":" + humidity + "}");
    }

    private RestTestClientResponse postJson(String json) {
        return RestTestClientResponse.from(
                http.post().uri("/sensor").contentType(MediaType.APPLICATION_JSON).body(json).exchange());
    }

    @Test
    void postStoresATemperatureAndAHumidityReadingRoutedByDevice() {
        RestTestClientResponse response = post(21.5, 40);

        assertThat(response).hasStatus(202).hasHeader("Location", "/sensor/" + device);
        var stored = sensors.query().where(r -> r.deviceId().equals(device)).toList();
        assertThat(stored).extracting(SensorReading::kind)
                .containsExactlyInAnyOrder(SensorReading.Kind.TEMPERATURE, SensorReading.Kind.HUMIDITY);
        // seed defect BUG-15 (docs/seed-parity.md#bug-15): both readings of one device share the partition its id
        // routes to.
        assertThat(sensors.query().partition(sensors.partitionFor(device)).where(r -> r.deviceId().equals(device))
                .count()).isEqualTo(2);
    }

    @Test
    void deviceStateSummarisesItsReadings() {
        post(20, 40);
        post(24, 50);

        RestTestClientResponse response = RestTestClientResponse.from(
                http.get().uri("/sensor/{device}", device).exchange());

        assertThat(response).hasStatusOk();
        JsonNode state = Json.of(response);
        assertThat(state.get("temperature").get("count").longValue()).isEqualTo(2);
        assertThat(state.get("temperature").get("avg").doubleValue()).isEqualTo(22);
        assertThat(state.get("humidity").get("max").doubleValue()).isEqualTo(50);
    }

    @Test
    void unknownDeviceIs404Problem() {
        RestTestClientResponse response = RestTestClientResponse.from(
                http.get().uri("/sensor/{device}", device).exchange());

        assertThat(response).hasStatus(404).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Json.of(response).get("deviceId").stringValue()).isEqualTo(device);
    }

    @Test
    void stateCountsEveryRetainedReading() {
        JsonNode before = Json.ok(http.get().uri("/state"));
        post(30, 60);

        JsonNode after = Json.ok(http.get().uri("/state"));

        assertThat(after.get("temperature").get("count").longValue())
                .isEqualTo(before.get("temperature").get("count").longValue() + 1);
        assertThat(after.get("appendCount").longValue()).isEqualTo(before.get("appendCount").longValue() + 2);
        assertThat(after.get("totalApprox").longValue()).isEqualTo(before.get("totalApprox").longValue() + 2);
        assertThat(after.get("temperature").get("max").doubleValue()).isGreaterThanOrEqualTo(30);
    }

    /** The C# seed's SnapshotSensorsApi {@code GET /metrics}: the sensors store's counters and snapshot metrics. */
    @Test
    void metricsCountTheSensorsAppendsAndTheirSnapshotsAnonymously() {
        JsonNode before = Json.ok(http.get().uri("/metrics"));
        post(22, 50);
        // a snapshot of the sensors store now (ADMIN), so the snapshot counters have something to show
        assertThat(RestTestClientResponse.from(http.post().uri("/actuator/eventstore/sensors")
                .headers(h -> h.setBasicAuth(AppTest.ADMIN, AppTest.ADMIN_PASSWORD)).exchange())).hasStatusOk();

        JsonNode after = Json.ok(http.get().uri("/metrics"));

        assertThat(after.get("store").stringValue()).isEqualTo("sensors");
        assertThat(after.get("appendCount").longValue()).isEqualTo(before.get("appendCount").longValue() + 2);
        assertThat(after.get("retained").longValue()).isEqualTo(sensors.count());
        JsonNode snapshot = after.get("snapshot");
        assertThat(snapshot.get("enabled").booleanValue()).isTrue();
        assertThat(snapshot.get("partitions")).hasSize(sensors.partitions());
        assertThat(snapshot.get("totalSnapshots").longValue())
                .isGreaterThan(before.get("snapshot").get("totalSnapshots").longValue());
        JsonNode devicePartition = snapshot.get("partitions").get(sensors.partitionFor(device));
        assertThat(devicePartition.get("partition").intValue()).isEqualTo(sensors.partitionFor(device));
        assertThat(devicePartition.get("lastSnapshotAt").isNull()).isFalse();
        assertThat(devicePartition.get("eventsSinceLastSnapshot").longValue()).isZero();
        assertThat(after.toString()).doesNotContain("lastError").doesNotContain("Error");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "missing device     | {\"temperature\":1,\"humidity\":2}                         | deviceId",
            "blank device       | {\"deviceId\":\"\",\"temperature\":1,\"humidity\":2}       | deviceId",
            "NaN temperature    | {\"deviceId\":\"d\",\"temperature\":\"NaN\",\"humidity\":2} | temperature",
            "infinite humidity  | {\"deviceId\":\"d\",\"temperature\":1,\"humidity\":1e999}  | humidity",
            "missing humidity   | {\"deviceId\":\"d\",\"temperature\":1}                     | humidity",
            "not an object      | \"hello\"                                                  | body"})
    void badInputIsA400ProblemAndStoresNeitherReading(String name, String body, String field) {
        long appended = sensors.statistics().totalAppended();

        RestTestClientResponse response = postJson(body);

        assertThat(response).hasStatus(400);
        assertThat(Json.of(response).get("field").stringValue()).isEqualTo(field);
        assertThat(sensors.statistics().totalAppended()).isEqualTo(appended);
    }
}
