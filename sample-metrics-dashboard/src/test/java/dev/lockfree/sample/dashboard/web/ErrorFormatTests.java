package dev.lockfree.sample.dashboard.web;

import java.util.UUID;

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
import dev.lockfree.sample.dashboard.streams.StreamController;
import dev.lockfree.sample.dashboard.support.AppTest;
import dev.lockfree.sample.dashboard.support.RawHttp;

import tools.jackson.databind.JsonNode;

import static dev.lockfree.sample.dashboard.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, errors outside the problem format: what Tomcat refuses before any servlet runs answered with its
 * HTML page, and Spring MVC's own 405/406/415 problems had no {@code type}. Every error is now
 * {@code application/problem+json} with a {@code type}. Raw sockets, because an HTTP client would refuse or
 * normalise these request lines before sending them.
 */
@AppTest
class ErrorFormatTests {

    @LocalServerPort
    int port;

    @Autowired
    EventStore<MetricEvent> metrics;

    @Autowired
    EventStreams<JsonNode> streams;

    @Autowired
    RestTestClient http;

    String id;

    @BeforeEach
    void setUp() {
        id = UUID.randomUUID().toString().substring(0, 8);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"e/ID%2Fx", "e/ID%5Cx", "e/ID%00x", "e/ID\\x", "e/ID%ZZ", "e/ID%ED%A0%80",
            "e/ID%C0%AF", "e/ID x"})
    void aPathTomcatRefusesIsA400ProblemAndStoresNothing(String path) {
        String target = "/streams/" + path.replace("ID", id);
        long appended = streams.store().statistics().totalAppended();

        RawHttp.Response get = RawHttp.send(port, "GET " + target + " HTTP/1.1", null);
        RawHttp.Response post = RawHttp.send(port, "POST " + target + " HTTP/1.1", "{\"a\":1}",
                "Content-Type: application/json");

        for (RawHttp.Response response : new RawHttp.Response[] {get, post}) {
            JsonNode problem = assertProblem(response, 400, "bad-request");
            assertThat(problem.get("detail").stringValue()).doesNotContain(id);
            assertThat(response.body()).doesNotContain("<html");
        }
        assertThat(streams.store().statistics().totalAppended()).isEqualTo(appended);
    }

    @Test
    void aUrlTheSecurityFirewallRejectsIsA400ProblemThatDoesNotEchoTheUrl() {
        String target = "/metrics/sum;" + id + "=x?label=a";
        long appended = metrics.statistics().totalAppended();

        RawHttp.Response response = RawHttp.send(port, "GET " + target + " HTTP/1.1", null);

        JsonNode problem = assertProblem(response, 400, "rejected-url");
        assertThat(problem.get("detail").stringValue()).contains("';'").doesNotContain(id);
        assertThat(metrics.statistics().totalAppended()).isEqualTo(appended);
    }

    @Test
    void aTenThousandCharacterStreamNameIsA400Problem() {
        String stream = "long-" + id + "-" + "x".repeat(10_000);
        long appended = streams.store().statistics().totalAppended();

        RawHttp.Response response = RawHttp.send(port, "POST /streams/" + stream + " HTTP/1.1", "{\"a\":1}",
                "Content-Type: application/json");

        JsonNode problem = assertProblem(response, 400, "bad-request");
        assertThat(problem.get("detail").stringValue()).doesNotContain("xxxxxxxxxx");
        assertThat(streams.store().statistics().totalAppended()).isEqualTo(appended);
    }

    @Test
    void aTenKilobyteHeaderIsA400Problem() {
        long appended = metrics.statistics().totalAppended();

        RawHttp.Response response = RawHttp.send(port, "POST /metrics HTTP/1.1",
                "{\"label\":\"hdr-" + id + "\",\"value\":1}", "Content-Type: application/json",
                "X-Padding: " + "p".repeat(10 * 1024));

        JsonNode problem = assertProblem(response, 400, "bad-request");
        assertThat(problem.get("detail").stringValue()).doesNotContain("ppppp");
        assertThat(metrics.statistics().totalAppended()).isEqualTo(appended);
    }

    /** Tomcat refuses TRACE itself and forwards to the error page: a problem, not Boot's error JSON. */
    @Test
    void traceIsA405Problem() {
        RawHttp.Response response = RawHttp.send(port, "TRACE /state HTTP/1.1", null);

        JsonNode problem = assertProblem(response, 405, "method-not-allowed");
        assertThat(problem.get("instance").stringValue()).isEqualTo("/state");
        assertThat(problem.has("timestamp")).isFalse();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"DELETE, /metrics", "PUT, /state", "PATCH, /streams/x"})
    void anUnsupportedMethodIsA405ProblemWithAType(String method, String path) {
        RawHttp.Response response = RawHttp.send(port, method + " " + path + " HTTP/1.1", "{}",
                "Content-Type: application/json");

        assertProblem(response, 405, "method-not-allowed");
        assertThat(response.header("Allow")).isNotBlank();
    }

    @Test
    void anUnsupportedContentTypeIsA415ProblemWithAType() {
        long appended = metrics.statistics().totalAppended();

        RestTestClientResponse response = RestTestClientResponse.from(http.post().uri("/metrics")
                .contentType(MediaType.TEXT_PLAIN).body("{\"label\":\"ct-" + id + "\",\"value\":1}").exchange());

        assertProblem(response, 415, "unsupported-media-type");
        assertThat(metrics.statistics().totalAppended()).isEqualTo(appended);
    }

    @Test
    void anUnacceptableAcceptIsA406ProblemWithAType() {
        RestTestClientResponse response = RestTestClientResponse.from(http.get().uri("/state")
                .accept(MediaType.APPLICATION_XML).exchange());

        assertProblem(response, 406, "not-acceptable");
    }

    @Test
    void anUnknownPathIsA404ProblemWithAType() {
        assertProblem(RestTestClientResponse.from(http.get().uri("/no-such-" + id).exchange()), 404, "not-found");
    }

    @Test
    void theErrorPageRequestedDirectlyIsA404Problem() {
        assertProblem(RestTestClientResponse.from(http.get().uri("/error").exchange()), 404, "not-found");
    }

    @Test
    void anUndecodableQueryParameterIsA400ProblemNotA500() {
        RawHttp.Response response = RawHttp.send(port, "GET /metrics/sum?label=%ZZ HTTP/1.1", null);

        JsonNode problem = assertProblem(response, 400, "invalid-request");
        assertThat(problem.get("field").stringValue()).isEqualTo("parameters");
    }

    @Test
    void aControlCharacterInAHeaderTheHandlerReadsIsA400ProblemNotA500() {
        String stream = "e/" + id;

        RawHttp.Response response = RawHttp.send(port, "POST /streams/" + stream + " HTTP/1.1", "{\"a\":1}",
                "Content-Type: application/json", StreamController.EXPECTED_VERSION_HEADER + ": 1\u0085");

        JsonNode problem = assertProblem(response, 400, "invalid-request");
        assertThat(problem.get("field").stringValue()).isEqualTo(StreamController.EXPECTED_VERSION_HEADER);
        assertThat(streams.exists(stream)).isFalse();
    }
}
