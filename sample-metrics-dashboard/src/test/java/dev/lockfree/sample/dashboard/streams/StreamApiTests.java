package dev.lockfree.sample.dashboard.streams;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

import dev.lockfree.eventstore.stream.EventStreams;
import dev.lockfree.sample.dashboard.support.AppTest;
import dev.lockfree.sample.dashboard.support.HttpApi;
import dev.lockfree.sample.dashboard.support.Json;
import dev.lockfree.sample.dashboard.support.Requests;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@AppTest
class StreamApiTests {

    @LocalServerPort
    int port;

    @Autowired
    EventStreams<JsonNode> streams;

    @Autowired
    RestTestClient http;

    String stream;

    @BeforeEach
    void setUp() {
        stream = "it/" + UUID.randomUUID();
    }

    private RestTestClientResponse append(String stream, String json, String... headers) {
        return postJson("/streams/" + stream, json, headers);
    }

    private long storedRecords() {
        return streams.store().statistics().totalAppended();
    }

    @Test
    void appendAnswers201WithTheVersionAndALocation() {
        RestTestClientResponse first = append(stream, "{\"valor\":10}");
        RestTestClientResponse second = append(stream, "{\"valor\":20}");

        assertThat(first).hasStatus(201);
        assertThat(Json.of(first).get("stream").stringValue()).isEqualTo(stream);
        assertThat(Json.of(first).get("version").longValue()).isZero();
        assertThat(first).hasHeader("Location", "/streams/" + stream + "?from=0&limit=1");
        assertThat(Json.of(second).get("version").longValue()).isEqualTo(1);
    }

    @Test
    void aRepeatedIdempotencyKeyAnswers200WithTheOriginalVersionAndStoresNothing() {
        append(stream, "{\"n\":0}");
        RestTestClientResponse original = append(stream, "{\"n\":1}", "Idempotency-Key", "order-1");
        long stored = storedRecords();

        RestTestClientResponse repeated = append(stream, "{\"n\":1}", "Idempotency-Key", "order-1");

        assertThat(original).hasStatus(201);
        assertThat(repeated).hasStatus(200);
        assertThat(Json.of(repeated).get("version").longValue()).isEqualTo(1);
        assertThat(storedRecords()).isEqualTo(stored);
        assertThat(streams.currentVersion(stream)).isEqualTo(1);
    }

    @Test
    void theIdempotencyKeyWinsOverARetriedExpectedVersion() {
        var original = append(stream, "{\"n\":0}", "ES-ExpectedVersion", "-1", "Idempotency-Key", "create");

        var retried = append(stream, "{\"n\":0}", "ES-ExpectedVersion", "-1", "Idempotency-Key", "create");

        assertThat(original).hasStatus(201);
        assertThat(retried).hasStatus(200);
        assertThat(Json.of(retried).get("version").longValue()).isZero();
    }

    @Test
    void concurrentRetriesOfOneKeyStoreExactlyOnce() throws Exception {
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<RestTestClientResponse>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return append(stream, "{\"valor\":1}", "Idempotency-Key", "same");
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<RestTestClientResponse> result : results) {
                RestTestClientResponse response = result.get();
                statuses.add(response.getExchangeResult().getStatus().value());
                assertThat(Json.of(response).get("version").longValue()).isZero();
            }
            assertThat(statuses).containsOnly(200, 201).filteredOn(s -> s == 201).hasSize(1);
            assertThat(streams.currentVersion(stream)).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWrongExpectedVersionIs409WithTheCurrentVersionAndStoresNothing() {
        append(stream, "{\"n\":0}");
        append(stream, "{\"n\":1}");
        long stored = storedRecords();

        RestTestClientResponse conflict = append(stream, "{\"n\":2}", "ES-ExpectedVersion", "0");

        assertThat(conflict).hasStatus(409);
        assertThat(conflict).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = Json.of(conflict);
        assertThat(problem.get("title").stringValue()).isEqualTo("Wrong expected version");
        assertThat(problem.get("currentVersion").longValue()).isEqualTo(1);
        assertThat(problem.get("expectedVersion").stringValue()).isEqualTo("0");
        assertThat(problem.get("stream").stringValue()).isEqualTo(stream);
        assertThat(storedRecords()).isEqualTo(stored);
    }

    @Test
    void expectedVersionsMinusOneExactAndAny() {
        assertThat(append(stream, "{}", "ES-ExpectedVersion", "-1")).hasStatus(201);
        RestTestClientResponse again = append(stream, "{}", "ES-ExpectedVersion", "-1");
        assertThat(again).hasStatus(409);
        assertThat(Json.of(again).get("currentVersion").longValue()).isZero();
        assertThat(append(stream, "{}", "ES-ExpectedVersion", "0")).hasStatus(201);
        assertThat(Json.of(append(stream, "{}", "ES-ExpectedVersion", "any")).get("version").longValue()).isEqualTo(2);

        RestTestClientResponse missing = append(stream + "-missing", "{}", "ES-ExpectedVersion", "3");
        assertThat(missing).hasStatus(409);
        assertThat(Json.of(missing).get("currentVersion").longValue()).isEqualTo(-1);
    }

    @Test
    void expectedVersionMinusFourNeedsTheStreamToExistAndMinusTwoIsAny() {
        RestTestClientResponse absent = append(stream, "{}", "ES-ExpectedVersion", "-4");
        assertThat(absent).hasStatus(409);
        assertThat(Json.of(absent).get("currentVersion").longValue()).isEqualTo(-1);
        assertThat(Json.of(append(stream, "{}", "ES-ExpectedVersion", "-2")).get("version").longValue()).isZero();
        assertThat(Json.of(append(stream, "{}", "ES-ExpectedVersion", "-4")).get("version").longValue()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "expected version text   | ES-ExpectedVersion | soon",
            "expected version -3     | ES-ExpectedVersion | -3",
            "idempotency key control | Idempotency-Key    | `a\tb`",
            "idempotency key too long| Idempotency-Key    | " + "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
                    + "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"})
    void badHeadersAre400ProblemsNamingTheHeader(String name, String header, String value) {
        long stored = storedRecords();

        RestTestClientResponse response = append(stream, "{}", header, value);

        assertThat(response).hasStatus(400);
        assertThat(Json.of(response).get("field").stringValue()).isEqualTo(header);
        assertThat(storedRecords()).isEqualTo(stored);
    }

    @Test
    void aKeyOf200CharactersIsAccepted() {
        assertThat(append(stream, "{}", "Idempotency-Key", "k".repeat(200))).hasStatus(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/streams/", "/streams/a%07b", "/streams/a%20b", "/streams/caf%C3%A9", "/streams/a/",
            "/streams/a..b/c/..", "/streams/x%3Fy"})
    void badStreamNamesAre400ProblemsAndStoreNothing(String path) {
        long stored = storedRecords();

        // an absolute URI is sent as it is written; a URI template would encode its '%' again
        RestTestClientResponse response = postJson(URI.create("http://127.0.0.1:" + port).resolve(path), "{}");

        assertThat(response).hasStatus(400);
        assertThat(response).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(storedRecords()).isEqualTo(stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/streams/..", "/streams/a/../b", "/streams/%2e%2e/x", "/streams/a/%2E%2E/b",
            "/streams/a%2F..%2Fb", "/streams//a"})
    void traversalAttemptsAreRefusedAndStoreNothing(String path) {
        long stored = storedRecords();

        // an absolute URI is sent as it is written, dot segments and '%' escapes included
        RestTestClientResponse response = postJson(URI.create("http://127.0.0.1:" + port + path), "{}");

        int status = response.getExchangeResult().getStatus().value();
        assertThat(status).as(path + " -> " + Json.text(response)).isBetween(400, 404);
        assertThat(storedRecords()).isEqualTo(stored);
    }

    @Test
    void namesOf200CharactersAreAcceptedLongerOnesRefused() {
        String longest = "s".repeat(200);
        assertThat(append(longest, "{}")).hasStatus(201);

        RestTestClientResponse tooLong = append(longest + "s", "{}");

        assertThat(tooLong).hasStatus(400);
        assertThat(Json.of(tooLong).get("field").stringValue()).isEqualTo("stream");
        assertThat(Json.of(tooLong).get("detail").stringValue()).contains("200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "42", "\"text\"", "null"})
    void aBodyThatIsNotAJsonObjectIs400(String body) {
        RestTestClientResponse response = append(stream, body);

        assertThat(response).hasStatus(400);
        assertThat(Json.of(response).get("field").stringValue()).isEqualTo("body");
        assertThat(streams.exists(stream)).isFalse();
    }

    @Test
    void oversizedBodiesAre413AndWrongContentTypesAre415() {
        String big = "{\"pad\":\"" + "x".repeat(64 * 1024) + "\"}";
        RestTestClientResponse declared = append(stream, big);
        // java.net.http for the chunked one: its input-stream publisher sends a body of unknown length, chunked,
        // where RestTestClient records (buffers) every request body for its exchange result
        HttpApi.Response chunked = new HttpApi(port).send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/streams/" + stream)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))));
        RestTestClientResponse text = post("/streams/" + stream, "text/plain", "{}");

        assertThat(declared).hasStatus(413);
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(text).hasStatus(415);
        assertThat(text).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(streams.exists(stream)).isFalse();
    }

    @Test
    void readReturnsEventsInVersionOrderWithPaging() {
        for (int i = 0; i < 5; i++) {
            append(stream, "{\"i\":" + i + "}");
        }

        JsonNode page = Json.of(get("/streams/" + stream + "?from=1&limit=3"));

        assertThat(page.get("stream").stringValue()).isEqualTo(stream);
        assertThat(page.get("events")).extracting(e -> e.get("version").longValue()).containsExactly(1L, 2L, 3L);
        assertThat(page.get("events")).extracting(e -> e.get("data").get("i").intValue()).containsExactly(1, 2, 3);
        assertThat(page.get("events").get(0).get("timestamp").stringValue()).endsWith("Z");
        assertThat(page.get("nextVersion").longValue()).isEqualTo(4);
        assertThat(page.get("lastVersion").longValue()).isEqualTo(4);

        JsonNode end = Json.of(get("/streams/" + stream + "?from=5"));
        assertThat(end.get("events").size()).isZero();
        assertThat(end.get("nextVersion").longValue()).isEqualTo(5);
    }

    @Test
    void anUnknownStreamIs404Problem() {
        RestTestClientResponse read = get("/streams/" + stream);
        RestTestClientResponse aggregate = get("/streams/" + stream + "?aggregate=true&field=valor");

        for (RestTestClientResponse response : List.of(read, aggregate)) {
            assertThat(response).hasStatus(404);
            assertThat(response).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(Json.of(response).get("title").stringValue()).isEqualTo("Stream not found");
            assertThat(Json.of(response).get("stream").stringValue()).isEqualTo(stream);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "?from=-1          | from",
            "?from=x           | from",
            "?limit=0          | limit",
            "?limit=1001       | limit",
            "?aggregate=true   | field",
            "?aggregate=maybe  | aggregate"})
    void badReadParametersAre400(String query, String field) {
        append(stream, "{}");

        RestTestClientResponse response = get("/streams/" + stream + query);

        assertThat(response).hasStatus(400);
        assertThat(Json.of(response).get("field").stringValue()).isEqualTo(field);
    }

    @Test
    void aggregateSumsTheFieldPerGroup() {
        append(stream, "{\"valor\":10,\"gatewayId\":\"gw-1\"}");
        append(stream, "{\"valor\":30,\"gatewayId\":\"gw-2\"}");
        append(stream, "{\"valor\":20,\"gatewayId\":\"gw-1\"}");
        append(stream, "{\"valor\":5}");
        append(stream, "{\"valor\":\"n/a\",\"gatewayId\":\"gw-1\"}");

        JsonNode result = Json.of(get("/streams/" + stream + "?aggregate=true&field=valor&groupBy=gatewayId"));

        assertThat(result.get("count").longValue()).isEqualTo(4);
        assertThat(result.get("sum").doubleValue()).isEqualTo(65);
        assertThat(result.get("min").doubleValue()).isEqualTo(5);
        assertThat(result.get("max").doubleValue()).isEqualTo(30);
        assertThat(result.get("avg").doubleValue()).isEqualTo(16.25);
        assertThat(result.get("skipped").longValue()).isEqualTo(1);
        assertThat(result.get("groups").get("gw-1").get("count").longValue()).isEqualTo(2);
        assertThat(result.get("groups").get("gw-1").get("sum").doubleValue()).isEqualTo(30);
        assertThat(result.get("groups").get("(none)").get("count").longValue()).isEqualTo(1);
        assertThat(result.get("durationMs").doubleValue()).isNotNegative();
    }

    private RestTestClientResponse get(String uri, Object... uriVariables) {
        return RestTestClientResponse.from(http.get().uri(uri, uriVariables).exchange());
    }

    private RestTestClientResponse postJson(URI uri, String json) {
        return RestTestClientResponse.from(
                http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(json).exchange());
    }

    private RestTestClientResponse postJson(String uri, String json, String... headers) {
        return post(uri, MediaType.APPLICATION_JSON_VALUE, json, headers);
    }

    private RestTestClientResponse post(String uri, String contentType, Object body, String... headers) {
        return Requests.post(http, uri, contentType, body, headers);
    }
}
