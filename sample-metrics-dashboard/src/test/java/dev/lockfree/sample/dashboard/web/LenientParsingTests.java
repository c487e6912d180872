package dev.lockfree.sample.dashboard.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
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
 * Issue 18, lenient parsing: duplicate member names (the last one won), compressed bodies the server does not
 * decode, and JSON in a charset other than UTF-8 are refused before anything is stored.
 */
@AppTest
class LenientParsingTests {

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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "label twice  | label | {\"label\":\"LABEL\",\"value\":1,\"label\":\"other\"}",
            "value twice  | value | {\"label\":\"LABEL\",\"value\":1,\"value\":2}"})
    void duplicateMemberInAMetricIsRefused(String name, String field, String body) {
        long appended = metrics.statistics().totalAppended();

        RestTestClientResponse response = postJson("/metrics", body.replace("LABEL", "dup-" + id));

        assertFieldProblem(response, 400, "malformed-json", field, "Duplicate");
        assertThat(metrics.statistics().totalAppended()).isEqualTo(appended);
    }

    @Test
    void duplicateMemberInASensorReadingIsRefused() {
        long appended = sensors.statistics().totalAppended();

        RestTestClientResponse response = postJson("/sensor", "{\"deviceId\":\"" + id + "\",\"temperature\":20,"
                + "\"humidity\":40,\"temperature\":99}");

        assertFieldProblem(response, 400, "malformed-json", "temperature", "Duplicate");
        assertThat(sensors.statistics().totalAppended()).isEqualTo(appended);
    }

    @Test
    void duplicateMemberNestedInStreamDataIsRefused() {
        String stream = "dup/" + id;
        long appended = streams.store().statistics().totalAppended();

        RestTestClientResponse response = postJson("/streams/" + stream, "{\"a\":{\"x\":1,\"y\":2,\"x\":3}}");

        assertFieldProblem(response, 400, "malformed-json", "x", "Duplicate");
        assertThat(streams.exists(stream)).isFalse();
        assertThat(streams.store().statistics().totalAppended()).isEqualTo(appended);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "GZIP", "br", "deflate", "identity, gzip", "x-custom"})
    void aContentEncodingOtherThanIdentityIs415(String coding) throws IOException {
        long appended = metrics.statistics().totalAppended();
        byte[] json = ("{\"label\":\"gz-" + id + "\",\"value\":1}").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(json);
        }

        RestTestClientResponse response = post("/metrics", "application/json", gzipped.toByteArray(),
                "Content-Encoding", coding);

        JsonNode problem = assertFieldProblem(response, 415, "unsupported-content-encoding", "Content-Encoding",
                "is not supported");
        assertThat(problem.get("detail").stringValue()).doesNotContain("identity'");
        assertThat(response).hasHeader("Accept-Encoding", "identity");
        assertThat(metrics.statistics().totalAppended()).isEqualTo(appended);
    }

    @Test
    void identityContentEncodingIsAccepted() {
        RestTestClientResponse response = postJson("/metrics", "{\"label\":\"id-" + id + "\",\"value\":1}",
                "Content-Encoding", "identity");

        assertThat(response).hasStatus(202);
    }

    @Test
    void aCompressedStreamEventIsRefusedToo() {
        String stream = "gz/" + id;

        RestTestClientResponse response = postJson("/streams/" + stream, "{\"a\":1}", "Content-Encoding", "gzip");

        assertProblem(response, 415, "unsupported-content-encoding");
        assertThat(streams.exists(stream)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "application/json; charset=utf-16   | utf-16     | UTF-16",
            "application/json;charset=UTF-16LE  | UTF-16LE   | UTF-16LE",
            "application/json; charset=\"utf-16\" | utf-16   | UTF-16",
            "application/json; charset=iso-8859-1 | iso-8859-1 | ISO-8859-1"})
    void aJsonCharsetOtherThanUtf8Is415NamingIt(String contentType, String named, String encoding) {
        long appended = metrics.statistics().totalAppended();
        String json = "{\"label\":\"cs-" + id + "\",\"value\":1}";
        byte[] body = json.getBytes(java.nio.charset.Charset.forName(encoding));

        RestTestClientResponse response = post("/metrics", contentType, body);

        JsonNode problem = assertFieldProblem(response, 415, "unsupported-charset", "Content-Type",
                "'" + named + "'");
        assertThat(problem.get("charset").stringValue()).isEqualTo(named);
        assertThat(metrics.statistics().totalAppended()).isEqualTo(appended);
    }

    /** A raw socket: Spring's client refuses to send a Content-Type whose charset it does not know. */
    @Test
    void anUnknownJsonCharsetIs415NamingIt() {
        long appended = metrics.statistics().totalAppended();

        RawHttp.Response response = RawHttp.send(port, "POST /metrics HTTP/1.1",
                "{\"label\":\"cs-" + id + "\",\"value\":1}", "Content-Type: application/json; charset=nonsense");

        JsonNode problem = assertProblem(response, 415, "unsupported-charset");
        assertThat(problem.get("field").stringValue()).as(response.toString()).isEqualTo("Content-Type");
        assertThat(problem.get("detail").stringValue()).as(response.toString()).contains("'nonsense'");
        assertThat(problem.get("charset").stringValue()).isEqualTo("nonsense");
        assertThat(metrics.statistics().totalAppended()).isEqualTo(appended);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-8", "application/json;charset=UTF-8",
            "application/json"})
    void utf8OrNoCharsetIsAccepted(String contentType) {
        RestTestClientResponse response = post("/metrics", contentType, "{\"label\":\"u8-" + id + "\",\"value\":1}");

        assertThat(response).hasStatus(202);
    }

    private RestTestClientResponse postJson(String uri, String json, String... headers) {
        return post(uri, MediaType.APPLICATION_JSON_VALUE, json, headers);
    }

    private RestTestClientResponse post(String uri, String contentType, Object body, String... headers) {
        return Requests.post(http, uri, contentType, body, headers);
    }
}
