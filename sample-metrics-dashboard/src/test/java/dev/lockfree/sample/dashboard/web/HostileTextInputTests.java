package dev.lockfree.sample.dashboard.web;

import java.net.URI;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.stream.EventStreams;
import dev.lockfree.sample.dashboard.sensors.SensorReading;
import dev.lockfree.sample.dashboard.support.AppTest;
import dev.lockfree.sample.dashboard.support.RawHttp;
import dev.lockfree.sample.dashboard.support.Requests;

import tools.jackson.databind.JsonNode;

import static dev.lockfree.sample.dashboard.support.Problems.assertFieldProblem;
import static dev.lockfree.sample.dashboard.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, unpaired UTF-16 surrogates: a JSON escape such as {@code \ud800} decodes to a string that has no
 * UTF-8 form, so it could not be stored and given back unchanged. Every text the API stores or uses as an
 * identity refuses it with a 400 naming the field, and nothing is stored.
 */
@AppTest
class HostileTextInputTests {

    /** JSON escapes of broken surrogates: lone high, lone low, high at the end, reversed pair. */
    private static final String[] BROKEN = {"a\\ud800b", "\\udc00", "ab\\udbff", "\\udc00\\ud800"};

    @LocalServerPort
    int port;

    @Autowired
    EventStore<MetricEvent> metrics;

    @Autowired
    EventStore<SensorReading> sensors;

    @Autowired
    EventStreams<JsonNode> streams;

    @Autowired
    RestTestClient http;

    String id;

    @BeforeEach
    void setUp() {
        id = UUID.randomUUID().toString();
    }

    @Test
    void metricLabelWithAnUnpairedSurrogateIsRefused() {
        for (String broken : BROKEN) {
            long appended = metrics.statistics().totalAppended();

            RestTestClientResponse response = postJson("/metrics", "{\"label\":\"" + broken + "\",\"value\":1}");

            assertFieldProblem(response, 400, "invalid-request", "label", "unpaired UTF-16 surrogate");
            assertThat(metrics.statistics().totalAppended()).as(broken).isEqualTo(appended);
        }
    }

    @Test
    void sensorDeviceIdWithAnUnpairedSurrogateIsRefused() {
        for (String broken : BROKEN) {
            long appended = sensors.statistics().totalAppended();

            RestTestClientResponse response = postJson("/sensor", "{\"deviceId\":\"" + broken
                    + "\",\"temperature\":20,\"humidity\":40}");

            assertFieldProblem(response, 400, "invalid-request", "deviceId", "unpaired UTF-16 surrogate");
            assertThat(sensors.statistics().totalAppended()).as(broken).isEqualTo(appended);
        }
    }

    @Test
    void aPairedSurrogateIsAcceptedAndStoredUnchanged() {
        String label = "emoji-\uD83D\uDE00-" + id;

        var metric = postJson("/metrics", "{\"label\":\"emoji-\\ud83d\\ude00-" + id + "\",\"value\":1}");
        RestTestClientResponse event = postJson("/streams/t/" + id, "{\"text\":\"\\ud83d\\ude00\"}");

        assertThat(metric).hasStatus(202);
        assertThat(metrics.query().where(e -> e.label().equals(label)).toList()).hasSize(1);
        assertThat(event).hasStatus(201);
        assertThat(streams.read("t/" + id, 0, 1).events().get(0).event().get("text").stringValue())
                .isEqualTo("\uD83D\uDE00");
    }

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "top-level value      | /text     | {\"text\":\"a\\ud800b\"}",
            "nested value         | /a/b/1    | {\"a\":{\"b\":[\"ok\",\"x\\udfff\"]}}",
            "array in array       | /a/0/0    | {\"a\":[[\"\\udc00\"]]}",
            "pointer-escaped name | /x~1y~0/z | {\"x/y~\":{\"z\":\"\\ud800\"}}"})
    void streamEventStringWithAnUnpairedSurrogateIsRefusedNamingItsPointer(String name, String pointer,
                                                                           String body) {
        String stream = "t/" + id;
        long appended = streams.store().statistics().totalAppended();

        RestTestClientResponse response = postJson("/streams/" + stream, body);

        JsonNode problem = assertFieldProblem(response, 400, "invalid-request", pointer,
                "unpaired UTF-16 surrogate");
        assertThat(problem.get("detail").stringValue()).contains("at " + pointer);
        assertThat(streams.exists(stream)).isFalse();
        assertThat(streams.store().statistics().totalAppended()).isEqualTo(appended);
    }

    /**
     * Jackson's parser itself refuses a broken surrogate in a member name, before any walker could; the field is
     * the pointer of the object holding the name ("body" for the top-level one).
     */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "body   | {\"k\\ud800\":1}",
            "body   | {\"ok\":1,\"k\\udc00\":1}",
            "/a     | {\"a\":{\"\\ud800x\":1}}",
            "/a/1/b | {\"a\":[1,{\"b\":{\"ok\":1,\"\\udfffx\":1}}]}"})
    void streamEventMemberNameWithAnUnpairedSurrogateIsRefused(String field, String body) {
        String stream = "t/" + id;
        long appended = streams.store().statistics().totalAppended();

        RestTestClientResponse response = postJson("/streams/" + stream, body);

        JsonNode problem = assertFieldProblem(response, 400, "malformed-json", field, "surrogate");
        assertThat(problem.get("detail").stringValue()).contains("surrogate").contains("property name");
        assertThat(streams.exists(stream)).isFalse();
        assertThat(streams.store().statistics().totalAppended()).isEqualTo(appended);
    }

    /** Header values arrive as ISO-8859-1: the UTF-8 bytes of a surrogate become three non-ASCII characters. */
    @Test
    void idempotencyKeyOutsidePrintableAsciiIsRefused() {
        String stream = "t/" + id;
        long appended = streams.store().statistics().totalAppended();

        RawHttp.Response response = RawHttp.send(port, "POST /streams/" + stream + " HTTP/1.1", "{\"a\":1}",
                "Content-Type: application/json", "Idempotency-Key: key-\u00ed\u00a0\u0080");

        JsonNode problem = assertProblem(response, 400, "invalid-request");
        assertThat(problem.get("field").stringValue()).isEqualTo("Idempotency-Key");
        assertThat(streams.exists(stream)).isFalse();
        assertThat(streams.store().statistics().totalAppended()).isEqualTo(appended);
    }

    /** A surrogate cannot reach a query parameter: its UTF-8 bytes (CESU) are not valid UTF-8 to decode. */
    @Test
    void surrogateBytesInAQueryLabelAreA400NotA500() {
        // an absolute URI is sent as it is written; a URI template would encode its '%' again
        RestTestClientResponse response = RestTestClientResponse.from(http.get()
                .uri(URI.create("http://127.0.0.1:" + port + "/metrics/sum?label=a%ED%A0%80b")).exchange());

        assertFieldProblem(response, 400, "invalid-request", "parameters", "UTF-8");
    }

    private RestTestClientResponse postJson(String uri, String json, String... headers) {
        return post(uri, MediaType.APPLICATION_JSON_VALUE, json, headers);
    }

    private RestTestClientResponse post(String uri, String contentType, Object body, String... headers) {
        return Requests.post(http, uri, contentType, body, headers);
    }
}
