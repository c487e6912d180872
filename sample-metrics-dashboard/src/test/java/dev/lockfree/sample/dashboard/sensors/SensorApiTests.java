package dev.lockfree.sample.dashboard.sensors;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.sample.dashboard.support.AppTest;
import dev.lockfree.sample.dashboard.support.HttpApi;
import dev.lockfree.sample.dashboard.support.HttpApi.Response;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@AppTest
class SensorApiTests {

    @LocalServerPort
    int port;

    @Autowired
    EventStore<SensorReading> sensors;

    HttpApi api;
    String device;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        device = "dev-" + UUID.randomUUID();
    }

    private Response post(double temperature, double humidity) {
        return api.postJson("/sensor", "{\"deviceId\":\"" + device + "\",\"temperature\":" + temperature
                + ",\"humidity\":" + humidity + "}");
    }

    @Test
    void postStoresATemperatureAndAHumidityReadingRoutedByDevice() {
        Response response = post(21.5, 40);

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.header("Location")).isEqualTo("/sensor/" + device);
        var stored = sensors.query().where(r -> r.deviceId().equals(device)).toList();
        assertThat(stored).extracting(SensorReading::kind)
                .containsExactlyInAnyOrder(SensorReading.Kind.TEMPERATURE, SensorReading.Kind.HUMIDITY);
        // BUG-15: both readings of one device share the partition its id routes to.
        assertThat(sensors.query().partition(sensors.partitionFor(device)).where(r -> r.deviceId().equals(device))
                .count()).isEqualTo(2);
    }

    @Test
    void deviceStateSummarisesItsReadings() {
        post(20, 40);
        post(24, 50);

        Response response = api.get(api.uri("/sensor/" + device).getPath());

        assertThat(response.status()).isEqualTo(200);
        JsonNode state = response.json();
        assertThat(state.get("temperature").get("count").longValue()).isEqualTo(2);
        assertThat(state.get("temperature").get("avg").doubleValue()).isEqualTo(22);
        assertThat(state.get("humidity").get("max").doubleValue()).isEqualTo(50);
    }

    @Test
    void unknownDeviceIs404Problem() {
        Response response = api.get("/sensor/" + device);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("deviceId").stringValue()).isEqualTo(device);
    }

    @Test
    void stateCountsEveryRetainedReading() {
        JsonNode before = api.get("/state").json();
        post(30, 60);

        JsonNode after = api.get("/state").json();

        assertThat(after.get("temperature").get("count").longValue())
                .isEqualTo(before.get("temperature").get("count").longValue() + 1);
        assertThat(after.get("appendCount").longValue()).isEqualTo(before.get("appendCount").longValue() + 2);
        assertThat(after.get("totalApprox").longValue()).isEqualTo(before.get("totalApprox").longValue() + 2);
        assertThat(after.get("temperature").get("max").doubleValue()).isGreaterThanOrEqualTo(30);
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

        Response response = api.postJson("/sensor", body);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("field").stringValue()).isEqualTo(field);
        assertThat(sensors.statistics().totalAppended()).isEqualTo(appended);
    }
}
