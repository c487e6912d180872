package dev.lockfree.sample.dashboard.dashboard;

import dev.lockfree.sample.dashboard.support.Json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.snapshot.EventStoreSnapshotLifecycle;
import dev.lockfree.eventstore.boot.snapshot.StoreSnapshots;

import tools.jackson.databind.JsonNode;

/** {@code GET /api/dashboard} over HTTP, and the page and its assets served at {@code /}. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.address=127.0.0.1")
@AutoConfigureRestTestClient // as AppTest does; a context of its own, with every store cleared before each test
class DashboardApiTest {

    @TempDir
    static Path snapshots;

    @DynamicPropertySource
    static void snapshotDirectory(DynamicPropertyRegistry registry) {
        registry.add("eventstore.snapshot.directory", () -> snapshots.toString());
    }

    @Autowired
    EventStoreRegistry stores;

    @Autowired
    EventStoreSnapshotLifecycle lifecycle;

    @Autowired
    RestTestClient http;


    @BeforeEach
    void emptyStores() {
        stores.entries().forEach(entry -> entry.store().clear());
    }

    @Test
    void seriesHoldTotalsAndPerBucketCountAvgMinMaxOfEachLabel() throws Exception {
        String cpu = "cpu-" + UUID.randomUUID();
        String mem = "mem-" + UUID.randomUUID();
        Instant now = Instant.now();
        Instant early = now.minusSeconds(125);
        Instant late = now.minusSeconds(35);
        postMetric(cpu, 10, early);
        postMetric(cpu, 30, early);
        postMetric(cpu, 20, late);
        postMetric(mem, 5, late);

        JsonNode body = getJson("/api/dashboard?minutes=5&step=10");

        JsonNode window = body.get("window");
        assertThat(window.get("minutes").asInt()).isEqualTo(5);
        assertThat(window.get("stepSeconds").asInt()).isEqualTo(10);
        assertThat(window.get("buckets").asInt()).isEqualTo(30);
        List<Long> starts = longs(body.get("bucketStarts"));
        assertThat(starts).hasSize(30);
        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 1)).isEqualTo(10_000);
        }
        assertThat(starts.get(0) % 10_000).isZero();
        assertThat(Instant.parse(window.get("from").asString()).toEpochMilli()).isEqualTo(starts.get(0));
        assertThat(Instant.parse(window.get("to").asString()).toEpochMilli()).isEqualTo(starts.get(29) + 9_999);
        Instant generatedAt = Instant.parse(body.get("generatedAt").asString());
        assertThat(generatedAt.toEpochMilli()).isBetween(starts.get(29), starts.get(29) + 9_999);

        assertThat(body.get("labels").get("total").asInt()).isEqualTo(2);
        assertThat(body.get("labels").get("shown").asInt()).isEqualTo(2);
        assertThat(body.get("labels").get("omitted").asInt()).isZero();
        JsonNode series = body.get("series");
        assertThat(series).hasSize(2);

        JsonNode first = series.get(0);
        assertThat(first.get("label").asString()).isEqualTo(cpu);
        assertThat(first.get("count").asLong()).isEqualTo(3);
        assertThat(first.get("sum").asDouble()).isEqualTo(60.0);
        assertThat(first.get("min").asDouble()).isEqualTo(10.0);
        assertThat(first.get("max").asDouble()).isEqualTo(30.0);
        assertThat(first.get("avg").asDouble()).isEqualTo(20.0);
        int earlyBucket = (int) ((early.toEpochMilli() - starts.get(0)) / 10_000);
        int lateBucket = (int) ((late.toEpochMilli() - starts.get(0)) / 10_000);
        for (int b = 0; b < 30; b++) {
            long expectedCount = b == earlyBucket ? 2 : b == lateBucket ? 1 : 0;
            assertThat(first.get("counts").get(b).asLong()).as("count of bucket %d", b).isEqualTo(expectedCount);
            if (expectedCount == 0) {
                assertThat(first.get("avgs").get(b).isNull()).as("avg of empty bucket %d", b).isTrue();
                assertThat(first.get("mins").get(b).isNull()).isTrue();
                assertThat(first.get("maxs").get(b).isNull()).isTrue();
            }
        }
        assertThat(first.get("avgs").get(earlyBucket).asDouble()).isEqualTo(20.0);
        assertThat(first.get("mins").get(earlyBucket).asDouble()).isEqualTo(10.0);
        assertThat(first.get("maxs").get(earlyBucket).asDouble()).isEqualTo(30.0);
        assertThat(first.get("avgs").get(lateBucket).asDouble()).isEqualTo(20.0);

        JsonNode second = series.get(1);
        assertThat(second.get("label").asString()).isEqualTo(mem);
        assertThat(second.get("count").asLong()).isEqualTo(1);
        assertThat(second.get("counts").get(lateBucket).asLong()).isEqualTo(1);
        assertThat(second.get("avgs").get(lateBucket).asDouble()).isEqualTo(5.0);
    }

    @Test
    void storesReportBufferedCapacityAndLastAppend() throws Exception {
        for (int i = 0; i < 4; i++) {
            postMetric("store-view", i, Instant.now());
        }

        JsonNode stores = getJson("/api/dashboard").get("stores");

        assertThat(stores).extracting(store -> store.get("name").asString())
                .containsExactly("metrics", "sensors", "streams");
        JsonNode metrics = stores.get(0);
        assertThat(metrics.get("name").asString()).isEqualTo("metrics");
        assertThat(metrics.get("buffered").asLong()).isEqualTo(4);
        int capacity = this.stores.get("metrics").statistics().capacity();
        assertThat(metrics.get("capacity").asInt()).isEqualTo(capacity).isGreaterThanOrEqualTo(100_000);
        assertThat(metrics.get("fill").asDouble()).isEqualTo(4.0 / capacity);
        assertThat(metrics.get("appended").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(metrics.get("appendsPerSecond").isNumber()).isTrue();
        assertThat(metrics.get("snapshot").get("enabled").asBoolean()).isTrue();
        assertThat(metrics.get("snapshot").get("running").asBoolean()).isTrue();
        // The last append is when a statistics read first saw the new total: this read, or an earlier one.
        assertThat(Instant.parse(metrics.get("lastAppend").asString())).isBeforeOrEqualTo(Instant.now());
        JsonNode sensors = stores.get(1);
        assertThat(sensors.get("name").asString()).isEqualTo("sensors");
        assertThat(sensors.get("buffered").asLong()).isZero();
    }

    @Test
    void defaultsAreFiveMinutesInTenSecondSteps() throws Exception {
        JsonNode window = getJson("/api/dashboard").get("window");

        assertThat(window.get("minutes").asInt()).isEqualTo(5);
        assertThat(window.get("stepSeconds").asInt()).isEqualTo(10);
        assertThat(window.get("buckets").asInt()).isEqualTo(30);
    }

    @Test
    void eventsOutsideTheWindowAreNotCounted() throws Exception {
        Instant now = Instant.now();
        postMetric("old", 1, now.minus(6, ChronoUnit.MINUTES));
        postMetric("future", 1, now.plus(5, ChronoUnit.MINUTES));
        postMetric("inside", 1, now.minusSeconds(30));

        JsonNode body = getJson("/api/dashboard?minutes=5&step=10");

        assertThat(labels(body)).containsExactly("inside");
        assertThat(body.get("labels").get("total").asInt()).isEqualTo(1);
    }

    @Test
    void atMostEightLabelsAreShownMostEventsFirstAndTheRestAreCounted() throws Exception {
        Instant at = Instant.now().minusSeconds(20);
        for (int label = 1; label <= 10; label++) {
            for (int n = 0; n < label; n++) {
                postMetric("label-" + label, n, at);
            }
        }

        JsonNode body = getJson("/api/dashboard?minutes=1&step=5");

        assertThat(labels(body)).containsExactly("label-10", "label-9", "label-8", "label-7", "label-6", "label-5",
                "label-4", "label-3");
        JsonNode selection = body.get("labels");
        assertThat(selection.get("total").asInt()).isEqualTo(10);
        assertThat(selection.get("shown").asInt()).isEqualTo(8);
        assertThat(selection.get("omitted").asInt()).isEqualTo(2);
        assertThat(selection.get("limit").asInt()).isEqualTo(DashboardController.MAX_LABELS);
        assertThat(selection.get("orderedBy").asString()).contains("count");
    }

    @Test
    void labelsWithEqualCountsAreOrderedByName() throws Exception {
        Instant at = Instant.now().minusSeconds(5);
        postMetric("b", 1, at);
        postMetric("c", 1, at);
        postMetric("a", 1, at);

        // Two one-minute buckets: the events are in the window even in the first seconds of a minute.
        assertThat(labels(getJson("/api/dashboard?minutes=2&step=60"))).containsExactly("a", "b", "c");
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource({
            "minutes=0,           minutes, between 1 and 60",
            "minutes=61,          minutes, between 1 and 60",
            "minutes=-5,          minutes, between 1 and 60",
            "step=0,              step,    between 1 and 300",
            "step=301,            step,    between 1 and 300",
            "minutes=60&step=1,   step,    at most 720 buckets",
            "minutes=13&step=1,   step,    at most 720 buckets",
            "minutes=abc,         minutes, must be a number",
            "step=1.5,            step,    must be a number",
    })
    void invalidParametersAreRefusedWithAProblemNamingThem(String query, String field, String detail)
            throws Exception {
        RestTestClientResponse response = get("/api/dashboard?" + query);

        assertThat(response).hasStatus(400);
        assertThat(response).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = Json.of(response);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("field").asString()).isEqualTo(field);
        assertThat(problem.get("detail").asString()).contains(field).contains(detail);
        assertThat(problem.get("instance").asString()).isEqualTo("/api/dashboard");
    }

    @ParameterizedTest(name = "{0} -> {1} buckets")
    @CsvSource({
            "minutes=1&step=300,  1",
            "minutes=60&step=300, 12",
            "minutes=60&step=5,   720",
            "minutes=12&step=1,   720",
            "minutes=1&step=7,    9",
    })
    void limitsThemselvesAreAccepted(String query, int buckets) throws Exception {
        JsonNode body = getJson("/api/dashboard?" + query);

        assertThat(body.get("window").get("buckets").asInt()).isEqualTo(buckets);
        assertThat(body.get("bucketStarts")).hasSize(buckets);
    }

    @Test
    void storesReportTheirSnapshotStatusWhichTheActuatorEndpointKeepsForAdmins() throws Exception {
        postMetric("snapshot-view", 1, Instant.now());
        JsonNode before = getJson("/api/dashboard").get("stores").get(0).get("snapshot");
        assertThat(before.get("pendingEvents").asLong()).isPositive();

        int written = snapshotsOfMetrics().snapshotNow();
        JsonNode body = getJson("/api/dashboard");
        JsonNode snapshot = body.get("stores").get(0).get("snapshot");

        assertThat(written).isPositive();
        assertThat(snapshot.propertyNames()).containsExactlyInAnyOrder("enabled", "running", "lastSnapshot",
                "ageSeconds", "pendingEvents", "consecutiveFailures");
        assertThat(snapshot.get("pendingEvents").asLong()).isZero();
        assertThat(snapshot.get("consecutiveFailures").asInt()).isZero();
        assertThat(Instant.parse(snapshot.get("lastSnapshot").asString()))
                .isBeforeOrEqualTo(Instant.parse(body.get("generatedAt").asString()));
        assertThat(snapshot.get("ageSeconds").asLong()).isNotNegative();
        assertThat(body.has("links")).isFalse();
        assertThat(body.toString()).doesNotContain(snapshots.toString());
        assertThat(get("/actuator/eventstore")).as("the endpoint's lastError is exception text").hasStatus(401);
    }

    private StoreSnapshots snapshotsOfMetrics() {
        return EventStoreSnapshotLifecycle.snapshotsOf(lifecycle, "metrics");
    }

    @Test
    void theRootServesTheDashboardPageWithTheChartLibraryFromTheWebjar() throws Exception {
        RestTestClientResponse page = get("/");

        assertThat(page).hasStatus(200);
        assertThat(page).hasContentTypeCompatibleWith(MediaType.TEXT_HTML);
        assertThat(Json.text(page)).contains("<h1>MetricsDashboard</h1>")
                .contains("src=\"/webjars/uplot/dist/uPlot.iife.min.js\"")
                .contains("href=\"/webjars/uplot/dist/uPlot.min.css\"")
                .contains("src=\"/assets/dashboard.js\"");

        RestTestClientResponse uplot = get("/webjars/uplot/dist/uPlot.iife.min.js");
        assertThat(uplot).hasStatus(200);
        assertThat(uplot).contentType().satisfies(type -> assertThat(type.toString()).contains("javascript"));
        assertThat(Json.text(uplot)).contains("uPlot").hasSizeGreaterThan(40_000);
        RestTestClientResponse css = get("/webjars/uplot/dist/uPlot.min.css");
        assertThat(css).hasStatus(200);
        assertThat(Json.text(css)).contains(".uplot");
    }

    @Test
    void neitherThePageNorItsScriptsReferenceAnotherHost() throws Exception {
        String page = Json.text(get("/"));
        List<String> references = new ArrayList<>();
        Matcher matcher = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(page);
        while (matcher.find()) {
            references.add(matcher.group(1));
        }
        assertThat(references).isNotEmpty()
                .allSatisfy(ref -> assertThat(ref).matches("/[^/].*|data:.*"));

        List<String> ownFiles = List.of("/", "/assets/dashboard.js", "/assets/charts.js", "/assets/snapshot.js",
                "/assets/kafka.js", "/assets/dashboard.css");
        for (String path : ownFiles) {
            RestTestClientResponse response = get(path);
            assertThat(response).as(path).hasStatus(200);
            assertThat(Json.text(response)).as(path).doesNotContainPattern("(?i)https?://")
                    .doesNotContainPattern("(?i)(?:src|href)=\"//");
        }
        // Every module the page imports is one of the files checked above.
        String scripts = Json.text(get("/assets/dashboard.js")) + Json.text(get("/assets/charts.js"));
        Matcher imports = Pattern.compile("from '\\./([^']+)'").matcher(scripts);
        while (imports.find()) {
            assertThat(ownFiles).contains("/assets/" + imports.group(1));
        }
    }

    private JsonNode getJson(String uri) {
        return Json.ok(http.get().uri(uri));
    }

    private void postMetric(String label, double value, Instant timestamp) {
        http.post().uri("/metrics").contentType(MediaType.APPLICATION_JSON).body("{\"label\":\"" + label
                + "\",\"value\":" + value + ",\"timestamp\":\"" + timestamp + "\"}").exchange()
                .expectStatus().isAccepted();
    }

    private static List<String> labels(JsonNode body) {
        List<String> labels = new ArrayList<>();
        body.get("series").forEach(s -> labels.add(s.get("label").asString()));
        return labels;
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asLong()));
        return values;
    }

    private RestTestClientResponse get(String uri, Object... uriVariables) {
        return RestTestClientResponse.from(http.get().uri(uri, uriVariables).exchange());
    }
}
