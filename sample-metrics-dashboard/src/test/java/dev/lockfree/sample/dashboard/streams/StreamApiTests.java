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

import dev.lockfree.eventstore.stream.EventStreams;
import dev.lockfree.sample.dashboard.support.AppTest;
import dev.lockfree.sample.dashboard.support.HttpApi;
import dev.lockfree.sample.dashboard.support.HttpApi.Response;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@AppTest
class StreamApiTests {

    @LocalServerPort
    int port;

    @Autowired
    EventStreams<JsonNode> streams;

    HttpApi api;
    String stream;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        stream = "it/" + UUID.randomUUID();
    }

    private Response append(String stream, String json, String... headers) {
        return api.postJson("/streams/" + stream, json, headers);
    }

    private long storedRecords() {
        return streams.store().statistics().totalAppended();
    }

    @Test
    void appendAnswers201WithTheVersionAndALocation() {
        Response first = append(stream, "{\"valor\":10}");
        Response second = append(stream, "{\"valor\":20}");

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("stream").stringValue()).isEqualTo(stream);
        assertThat(first.json().get("version").longValue()).isZero();
        assertThat(first.header("Location")).isEqualTo("/streams/" + stream + "?from=0&limit=1");
        assertThat(second.json().get("version").longValue()).isEqualTo(1);
    }

    @Test
    void aRepeatedIdempotencyKeyAnswers200WithTheOriginalVersionAndStoresNothing() {
        append(stream, "{\"n\":0}");
        Response original = append(stream, "{\"n\":1}", "Idempotency-Key", "order-1");
        long stored = storedRecords();

        Response repeated = append(stream, "{\"n\":1}", "Idempotency-Key", "order-1");

        assertThat(original.status()).isEqualTo(201);
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(repeated.json().get("version").longValue()).isEqualTo(1);
        assertThat(storedRecords()).isEqualTo(stored);
        assertThat(streams.currentVersion(stream)).isEqualTo(1);
    }

    @Test
    void theIdempotencyKeyWinsOverARetriedExpectedVersion() {
        Response original = append(stream, "{\"n\":0}", "ES-ExpectedVersion", "-1", "Idempotency-Key", "create");

        Response retried = append(stream, "{\"n\":0}", "ES-ExpectedVersion", "-1", "Idempotency-Key", "create");

        assertThat(original.status()).isEqualTo(201);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.json().get("version").longValue()).isZero();
    }

    @Test
    void concurrentRetriesOfOneKeyStoreExactlyOnce() throws Exception {
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Response>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return append(stream, "{\"valor\":1}", "Idempotency-Key", "same");
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> result : results) {
                Response response = result.get();
                statuses.add(response.status());
                assertThat(response.json().get("version").longValue()).isZero();
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

        Response conflict = append(stream, "{\"n\":2}", "ES-ExpectedVersion", "0");

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.contentType()).startsWith("application/problem+json");
        JsonNode problem = conflict.json();
        assertThat(problem.get("title").stringValue()).isEqualTo("Wrong expected version");
        assertThat(problem.get("currentVersion").longValue()).isEqualTo(1);
        assertThat(problem.get("expectedVersion").stringValue()).isEqualTo("0");
        assertThat(problem.get("stream").stringValue()).isEqualTo(stream);
        assertThat(storedRecords()).isEqualTo(stored);
    }

    @Test
    void expectedVersionsMinusOneExactAndAny() {
        assertThat(append(stream, "{}", "ES-ExpectedVersion", "-1").status()).isEqualTo(201);
        Response again = append(stream, "{}", "ES-ExpectedVersion", "-1");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("currentVersion").longValue()).isZero();
        assertThat(append(stream, "{}", "ES-ExpectedVersion", "0").status()).isEqualTo(201);
        assertThat(append(stream, "{}", "ES-ExpectedVersion", "any").json().get("version").longValue()).isEqualTo(2);

        Response missing = append(stream + "-missing", "{}", "ES-ExpectedVersion", "3");
        assertThat(missing.status()).isEqualTo(409);
        assertThat(missing.json().get("currentVersion").longValue()).isEqualTo(-1);
    }

    @Test
    void expectedVersionMinusFourNeedsTheStreamToExistAndMinusTwoIsAny() {
        Response absent = append(stream, "{}", "ES-ExpectedVersion", "-4");
        assertThat(absent.status()).isEqualTo(409);
        assertThat(absent.json().get("currentVersion").longValue()).isEqualTo(-1);
        assertThat(append(stream, "{}", "ES-ExpectedVersion", "-2").json().get("version").longValue()).isZero();
        assertThat(append(stream, "{}", "ES-ExpectedVersion", "-4").json().get("version").longValue()).isEqualTo(1);
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

        Response response = append(stream, "{}", header, value);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("field").stringValue()).isEqualTo(header);
        assertThat(storedRecords()).isEqualTo(stored);
    }

    @Test
    void aKeyOf200CharactersIsAccepted() {
        assertThat(append(stream, "{}", "Idempotency-Key", "k".repeat(200)).status()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/streams/", "/streams/a%07b", "/streams/a%20b", "/streams/caf%C3%A9", "/streams/a/",
            "/streams/a..b/c/..", "/streams/x%3Fy"})
    void badStreamNamesAre400ProblemsAndStoreNothing(String path) {
        long stored = storedRecords();

        Response response = api.postJson(path, "{}");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(storedRecords()).isEqualTo(stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/streams/..", "/streams/a/../b", "/streams/%2e%2e/x", "/streams/a/%2E%2E/b",
            "/streams/a%2F..%2Fb", "/streams//a"})
    void traversalAttemptsAreRefusedAndStoreNothing(String path) {
        long stored = storedRecords();

        Response response = api.send(HttpRequest.newBuilder(URI.create(api.uri("/") + path.substring(1)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.status()).as(path + " -> " + response).isBetween(400, 404);
        assertThat(storedRecords()).isEqualTo(stored);
    }

    @Test
    void namesOf200CharactersAreAcceptedLongerOnesRefused() {
        String longest = "s".repeat(200);
        assertThat(append(longest, "{}").status()).isEqualTo(201);

        Response tooLong = append(longest + "s", "{}");

        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("field").stringValue()).isEqualTo("stream");
        assertThat(tooLong.json().get("detail").stringValue()).contains("200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "42", "\"text\"", "null"})
    void aBodyThatIsNotAJsonObjectIs400(String body) {
        Response response = append(stream, body);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("field").stringValue()).isEqualTo("body");
        assertThat(streams.exists(stream)).isFalse();
    }

    @Test
    void oversizedBodiesAre413AndWrongContentTypesAre415() {
        String big = "{\"pad\":\"" + "x".repeat(64 * 1024) + "\"}";
        Response declared = append(stream, big);
        Response chunked = api.send(HttpRequest.newBuilder(api.uri("/streams/" + stream))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))));
        Response text = api.post("/streams/" + stream, "text/plain", "{}");

        assertThat(declared.status()).isEqualTo(413);
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.contentType()).startsWith("application/problem+json");
        assertThat(streams.exists(stream)).isFalse();
    }

    @Test
    void readReturnsEventsInVersionOrderWithPaging() {
        for (int i = 0; i < 5; i++) {
            append(stream, "{\"i\":" + i + "}");
        }

        JsonNode page = api.get("/streams/" + stream + "?from=1&limit=3").json();

        assertThat(page.get("stream").stringValue()).isEqualTo(stream);
        assertThat(page.get("events")).extracting(e -> e.get("version").longValue()).containsExactly(1L, 2L, 3L);
        assertThat(page.get("events")).extracting(e -> e.get("data").get("i").intValue()).containsExactly(1, 2, 3);
        assertThat(page.get("events").get(0).get("timestamp").stringValue()).endsWith("Z");
        assertThat(page.get("nextVersion").longValue()).isEqualTo(4);
        assertThat(page.get("lastVersion").longValue()).isEqualTo(4);

        JsonNode end = api.get("/streams/" + stream + "?from=5").json();
        assertThat(end.get("events").size()).isZero();
        assertThat(end.get("nextVersion").longValue()).isEqualTo(5);
    }

    @Test
    void anUnknownStreamIs404Problem() {
        Response read = api.get("/streams/" + stream);
        Response aggregate = api.get("/streams/" + stream + "?aggregate=true&field=valor");

        for (Response response : List.of(read, aggregate)) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("title").stringValue()).isEqualTo("Stream not found");
            assertThat(response.json().get("stream").stringValue()).isEqualTo(stream);
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

        Response response = api.get("/streams/" + stream + query);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("field").stringValue()).isEqualTo(field);
    }

    @Test
    void aggregateSumsTheFieldPerGroup() {
        append(stream, "{\"valor\":10,\"gatewayId\":\"gw-1\"}");
        append(stream, "{\"valor\":30,\"gatewayId\":\"gw-2\"}");
        append(stream, "{\"valor\":20,\"gatewayId\":\"gw-1\"}");
        append(stream, "{\"valor\":5}");
        append(stream, "{\"valor\":\"n/a\",\"gatewayId\":\"gw-1\"}");

        JsonNode result = api.get("/streams/" + stream + "?aggregate=true&field=valor&groupBy=gatewayId").json();

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
}
