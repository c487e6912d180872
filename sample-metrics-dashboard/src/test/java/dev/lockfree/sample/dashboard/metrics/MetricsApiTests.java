package dev.lockfree.sample.dashboard.metrics;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
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
import dev.lockfree.sample.dashboard.support.AppTest;
import dev.lockfree.sample.dashboard.support.HttpApi;
import dev.lockfree.sample.dashboard.support.Json;
import dev.lockfree.sample.dashboard.support.Requests;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@AppTest
class MetricsApiTests {

    @LocalServerPort
    int port;

    @Autowired
    EventStore<MetricEvent> metrics;

    @Autowired
    RestTestClient http;

    String label;

    @BeforeEach
    void setUp() {
        label = "m-" + UUID.randomUUID();
    }

    private RestTestClientResponse post(String label, double value, String timestamp) {
        String ts = timestamp == null ? "" : ",\"timestamp\":\"" + timestamp + "\"";
        return postJson("/metrics", "{\"label\":\"" + label + "\",\"value\":" + value + ts + "}");
    }

    @Test
    void postStoresTheMetricAndAnswers202WithTheAcceptedEvent() {
        RestTestClientResponse response = post(label, 12.5, "2026-11-27T10:00:00Z");

        assertThat(response).hasStatus(202);
        JsonNode body = Json.of(response);
        assertThat(body.get("label").stringValue()).isEqualTo(label);
        assertThat(body.get("value").doubleValue()).isEqualTo(12.5);
        assertThat(body.get("timestamp").stringValue()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(metrics.query().where(e -> e.label().equals(label)).toList())
                .containsExactly(new MetricEvent(label, 12.5, Instant.parse("2026-11-27T10:00:00Z")));
    }

    @Test
    void timestampDefaultsToNowAndAcceptsAnOffset() {
        Instant before = Instant.now();
        assertThat(post(label, 1, null)).hasStatus(202);
        assertThat(post(label, 2, "2026-11-27T12:00:00+02:00")).hasStatus(202);

        var stored = metrics.query().where(e -> e.label().equals(label)).toList();
        assertThat(stored).hasSize(2);
        assertThat(stored).anySatisfy(e -> assertThat(e.instant()).isBetween(before.minusMillis(1), Instant.now()));
        assertThat(stored).anySatisfy(e -> assertThat(e.instant()).isEqualTo(Instant.parse("2026-11-27T10:00:00Z")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "malformed JSON           | {\"label\":\"x\",                        | body  | not valid JSON",
            "array body               | [1,2]                                     | body  | must be a JSON object",
            "missing label            | {\"value\":1}                             | label | label is required",
            "null label               | {\"label\":null,\"value\":1}              | label | label is required",
            "numeric label            | {\"label\":5,\"value\":1}                 | label | label must be a string",
            "blank label              | {\"label\":\"  \",\"value\":1}            | label | must not be blank",
            "control char in label    | {\"label\":\"a\\u0007b\",\"value\":1}     | label | control characters",
            "missing value            | {\"label\":\"x\"}                         | value | value is required",
            "value as string          | {\"label\":\"x\",\"value\":\"12\"}        | value | must be a JSON number",
            "NaN as string            | {\"label\":\"x\",\"value\":\"NaN\"}       | value | must be a JSON number",
            "NaN literal              | {\"label\":\"x\",\"value\":NaN}           | body  | not valid JSON",
            "infinite value           | {\"label\":\"x\",\"value\":1e400}         | value | must be a finite number",
            "negative infinite        | {\"label\":\"x\",\"value\":-1e400}        | value | must be a finite number",
            "timestamp not ISO        | {\"label\":\"x\",\"value\":1,\"timestamp\":\"yesterday\"} | timestamp | ISO-8601",
            "timestamp as number      | {\"label\":\"x\",\"value\":1,\"timestamp\":17}  | timestamp | ISO-8601"})
    void badInputIsA400ProblemNamingTheFieldAndStoresNothing(String name, String body, String field, String detail) {
        long appended = metrics.statistics().totalAppended();

        RestTestClientResponse response = postJson("/metrics", body);

        assertThat(response).hasStatus(400);
        assertThat(response).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = Json.of(response);
        assertThat(problem.get("status").intValue()).isEqualTo(400);
        assertThat(problem.get("field").stringValue()).isEqualTo(field);
        assertThat(problem.get("detail").stringValue()).contains(detail);
        assertThat(metrics.statistics().totalAppended()).isEqualTo(appended);
    }

    @Test
    void labelsUpTo200CharactersAreAcceptedLongerOnesRefused() {
        String longest = "L".repeat(200);
        assertThat(post(longest, 1, null)).hasStatus(202);

        long appended = metrics.statistics().totalAppended();
        RestTestClientResponse tooLong = post(longest + "L", 1, null);
        assertThat(tooLong).hasStatus(400);
        assertThat(Json.of(tooLong).get("detail").stringValue())
                .isEqualTo("label must be at most 200 characters, was 201");
        assertThat(metrics.statistics().totalAppended()).isEqualTo(appended);
    }

    @Test
    void wrongContentTypeIs415Problem() {
        long appended = metrics.statistics().totalAppended();

        RestTestClientResponse response = post("/metrics", "text/plain", "{\"label\":\"x\",\"value\":1}");

        assertThat(response).hasStatus(415);
        assertThat(response).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(metrics.statistics().totalAppended()).isEqualTo(appended);
    }

    @Test
    void bodyOverTheLimitIs413WhetherDeclaredOrChunked() {
        long appended = metrics.statistics().totalAppended();
        String padding = " ".repeat(64 * 1024);
        String body = "{\"label\":\"" + label + "\",\"value\":1}" + padding;

        RestTestClientResponse declared = postJson("/metrics", body);
        // java.net.http for the chunked one: its input-stream publisher sends a body of unknown length, chunked,
        // where RestTestClient records (buffers) every request body for its exchange result
        HttpApi.Response chunked = new HttpApi(port).send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/metrics")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.getBytes()))));

        assertThat(declared).hasStatus(413);
        assertThat(declared).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Json.of(declared).get("detail").stringValue()).contains("65536 bytes");
        assertThat(chunked.status()).as(chunked.toString()).isEqualTo(413);
        assertThat(chunked.contentType()).startsWith("application/problem+json");
        assertThat(chunked.json().get("detail").stringValue()).contains("65536 bytes");
        assertThat(metrics.statistics().totalAppended()).isEqualTo(appended);
    }

    @Test
    void bodyJustUnderTheLimitIsAccepted() {
        String prefix = "{\"label\":\"" + label + "\",\"value\":1}";
        String body = prefix + " ".repeat(64 * 1024 - prefix.length());

        assertThat(postJson("/metrics", body)).hasStatus(202);
    }

    @Test
    void sumAddsTheLabelsValuesInsideTheRange() {
        post(label, 1, "2026-11-27T10:00:00Z");
        post(label, 2, "2026-11-27T10:01:00Z");
        post(label, 4, "2026-11-27T10:02:00Z");
        post(label + "-other", 100, "2026-11-27T10:01:00Z");

        assertThat(Json.of(get("/metrics/sum?label=" + label)).get("sum").doubleValue()).isEqualTo(7);
        JsonNode ranged = Json.of(get("/metrics/sum?label=" + label
                + "&from=2026-11-27T10:01:00Z&to=2026-11-27T10:02:00Z"));
        assertThat(ranged.get("sum").doubleValue()).isEqualTo(6);
        assertThat(ranged.get("label").stringValue()).isEqualTo(label);
        assertThat(ranged.get("from").stringValue()).isEqualTo("2026-11-27T10:01:00Z");
    }

    @Test
    void sumWindowCoversTheLastMinutes() {
        post(label, 3, Instant.now().minusSeconds(30).toString());
        post(label, 5, Instant.now().minusSeconds(5 * 60).toString());

        assertThat(Json.of(get("/metrics/sum-window?label=" + label + "&minutes=1")).get("sum").doubleValue())
                .isEqualTo(3);
        assertThat(Json.of(get("/metrics/sum-window?label=" + label)).get("sum").doubleValue()).isEqualTo(8);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "/metrics/sum?label=x&from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z | from    | must not be after to",
            "/metrics/sum?label=x&from=yesterday                                  | from    | ISO-8601",
            "/metrics/sum                                                         | label   | 'label' is required",
            "/metrics/sum-window?label=x&minutes=0                                | minutes | between 1 and 10080",
            "/metrics/sum-window?label=x&minutes=10081                            | minutes | between 1 and 10080",
            "/metrics/sum-window?label=x&minutes=ten                              | minutes | must be a number",
            "/metrics/window?to=2026-11-27T09:00:00Z&from=2026-11-27T10:00:00Z    | from    | must not be after to",
            "/metrics/top?k=0                                                     | k       | between 1 and 1000",
            "/metrics/top?k=1001                                                  | k       | between 1 and 1000",
            "/metrics/top?k=3&from=2026-13-01T00:00:00Z                           | from    | ISO-8601"})
    void badQueryParametersAre400ProblemsNamingTheParameter(String path, String field, String detail) {
        RestTestClientResponse response = get(path);

        assertThat(response).hasStatus(400);
        assertThat(response).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Json.of(response).get("field").stringValue()).isEqualTo(field);
        assertThat(Json.of(response).get("detail").stringValue()).contains(detail);
    }

    @Test
    void windowAggregatesTheLabel() {
        post(label, 2, "2026-11-27T10:00:00Z");
        post(label, 8, "2026-11-27T10:00:01Z");
        post(label, 5, "2026-11-27T10:00:02Z");

        JsonNode window = Json.of(get("/metrics/window?label=" + label));

        assertThat(window.get("count").longValue()).isEqualTo(3);
        assertThat(window.get("sum").doubleValue()).isEqualTo(15);
        assertThat(window.get("min").doubleValue()).isEqualTo(2);
        assertThat(window.get("max").doubleValue()).isEqualTo(8);
        assertThat(window.get("avg").doubleValue()).isEqualTo(5);
        assertThat(window.get("window").get("label").stringValue()).isEqualTo(label);
        assertThat(window.get("window").get("from").isNull()).isTrue();
    }

    @Test
    void windowOfNothingHasNullMinMaxAvg() {
        JsonNode window = Json.of(get("/metrics/window?label=" + label));

        assertThat(window.get("count").longValue()).isZero();
        assertThat(window.get("min").isNull()).isTrue();
        assertThat(window.get("avg").isNull()).isTrue();
    }

    @Test
    void topRanksLabelsBySummedValueInsideTheRange() {
        String from = "2031-01-01T00:00:00Z";
        post(label + "-a", 10, "2031-01-01T00:00:01Z");
        post(label + "-b", 30, "2031-01-01T00:00:02Z");
        post(label + "-b", 5, "2031-01-01T00:00:03Z");
        post(label + "-c", 20, "2031-01-01T00:00:04Z");

        JsonNode top = Json.of(get("/metrics/top?k=2&from=" + from + "&to=2031-01-01T00:01:00Z"));

        assertThat(top.size()).isEqualTo(2);
        assertThat(top.get(0).get("label").stringValue()).isEqualTo(label + "-b");
        assertThat(top.get(0).get("value").doubleValue()).isEqualTo(35);
        assertThat(top.get(1).get("label").stringValue()).isEqualTo(label + "-c");
    }

    @Test
    void snapshotViewsDescribeEveryPartition() {
        post(label, 1, null);

        JsonNode views = Json.of(get("/metrics/snapshot-views"));

        assertThat(views.get("partitions").intValue()).isEqualTo(metrics.partitions());
        assertThat(views.get("views").size()).isEqualTo(metrics.partitions());
        long total = 0;
        for (JsonNode view : views.get("views")) {
            assertThat(view.get("capacity").intValue()).isEqualTo(100_000);
            total += view.get("count").longValue();
        }
        assertThat(views.get("totalEvents").longValue()).isEqualTo(total).isPositive();
    }

    @Test
    void processEventsCountsHighValuesOfMatchingLabels() {
        post(label + "-cpu", 51, null);
        post(label + "-cpu", 50, null);
        post(label + "-cpu", 99, null);
        post(label + "-mem", 99, null);

        JsonNode result = Json.of(get("/metrics/process-events?label=" + label + "-cpu"));

        assertThat(result.get("highCpuCount").longValue()).isEqualTo(2);
        assertThat(result.get("processed").longValue()).isGreaterThanOrEqualTo(4);
    }

    private RestTestClientResponse get(String uri, Object... uriVariables) {
        return RestTestClientResponse.from(http.get().uri(uri, uriVariables).exchange());
    }

    private RestTestClientResponse postJson(String uri, String json, String... headers) {
        return post(uri, MediaType.APPLICATION_JSON_VALUE, json, headers);
    }

    private RestTestClientResponse post(String uri, String contentType, Object body, String... headers) {
        return Requests.post(http, uri, contentType, body, headers);
    }
}
