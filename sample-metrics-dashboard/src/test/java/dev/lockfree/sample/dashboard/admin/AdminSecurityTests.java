package dev.lockfree.sample.dashboard.admin;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.sample.dashboard.security.LoginThrottle;
import dev.lockfree.sample.dashboard.support.AppTest;
import dev.lockfree.sample.dashboard.support.Json;
import dev.lockfree.sample.dashboard.support.Requests;

import tools.jackson.databind.JsonNode;

import static dev.lockfree.sample.dashboard.support.AppTest.ADMIN;
import static dev.lockfree.sample.dashboard.support.AppTest.ADMIN_PASSWORD;
import static dev.lockfree.sample.dashboard.support.AppTest.VIEWER;
import static dev.lockfree.sample.dashboard.support.AppTest.VIEWER_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

@AppTest
class AdminSecurityTests {

    @LocalServerPort
    int port;

    @Autowired
    EventStore<MetricEvent> metrics;

    @Autowired
    LoginThrottle loginThrottle;

    @Autowired
    RestTestClient http;


    @BeforeEach
    void setUp() {
        loginThrottle.clear(); // this class provokes failed logins, the context is shared
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin/clear", "/admin/reset", "/admin/purge?olderThanMinutes=1"})
    void adminRoutesWithoutCredentialsAre401ProblemsAndChangeNothing(String path) {
        postJson("/metrics", "{\"label\":\"kept-" + UUID.randomUUID() + "\",\"value\":1}");
        long count = metrics.count();

        RestTestClientResponse response = RestTestClientResponse.from(http.post().uri(path).exchange());

        assertThat(response).hasStatus(401);
        assertThat(response).headers().hasHeaderSatisfying("WWW-Authenticate",
                values -> assertThat(values.get(0)).startsWith("Basic"));
        assertThat(response).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Json.of(response).get("title").stringValue()).isEqualTo("Unauthorized");
        assertThat(metrics.count()).isGreaterThanOrEqualTo(count);
    }

    @Test
    void wrongPasswordIs401() {
        assertThat(postAs(ADMIN, "nope", "/admin/clear")).hasStatus(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin/clear", "/admin/reset", "/admin/purge"})
    void aUserWithoutTheAdminRoleGets403Problem(String path) {
        RestTestClientResponse response = postAs(VIEWER, VIEWER_PASSWORD, path);

        assertThat(response).hasStatus(403);
        assertThat(response).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Json.of(response).get("detail").stringValue()).contains("ADMIN");
    }

    @Test
    void purgeRemovesOlderEventsOfEveryStore() {
        String label = "old-" + UUID.randomUUID();
        postJson("/metrics", "{\"label\":\"" + label + "\",\"value\":1,\"timestamp\":\"2001-01-01T00:00:00Z\"}");
        postJson("/metrics", "{\"label\":\"" + label + "\",\"value\":2}");

        RestTestClientResponse response = postAs(ADMIN, ADMIN_PASSWORD, "/admin/purge?olderThan=2002-01-01T00:00:00Z");

        assertThat(response).hasStatus(200);
        JsonNode body = Json.of(response);
        assertThat(body.get("purgedBefore").stringValue()).isEqualTo("2002-01-01T00:00:00Z");
        assertThat(body.get("removed").get("metrics").longValue()).isGreaterThanOrEqualTo(1);
        assertThat(body.get("removed").has("sensors")).isTrue();
        assertThat(metrics.query().where(e -> e.label().equals(label)).toList())
                .extracting(MetricEvent::value).containsExactly(2.0);
    }

    @Test
    void purgeRefusesABadCutoff() {
        RestTestClientResponse negative = postAs(ADMIN, ADMIN_PASSWORD, "/admin/purge?olderThanMinutes=-1");
        RestTestClientResponse garbage = postAs(ADMIN, ADMIN_PASSWORD, "/admin/purge?olderThan=soon");

        assertThat(negative).hasStatus(400);
        assertThat(Json.of(negative).get("field").stringValue()).isEqualTo("olderThanMinutes");
        assertThat(garbage).hasStatus(400);
        assertThat(Json.of(garbage).get("field").stringValue()).isEqualTo("olderThan");
    }

    @Test
    void purgeRefusesACutoffOutsideTheInstantsTheApiAccepts() {
        postJson("/metrics", "{\"label\":\"p-" + UUID.randomUUID() + "\",\"value\":1}");
        long buffered = metrics.statistics().count();

        RestTestClientResponse farFuture = RestTestClientResponse.from(http.post()
                .uri("/admin/purge?olderThan={cutoff}", "+999999999-12-31T23:59:59Z")
                .headers(headers -> headers.setBasicAuth(ADMIN, ADMIN_PASSWORD)).exchange());

        assertThat(farFuture).hasStatus(400);
        assertThat(Json.of(farFuture).get("field").stringValue()).isEqualTo("olderThan");
        assertThat(metrics.statistics().count()).as("nothing purged").isEqualTo(buffered);
    }

    @Test
    void clearAndResetEmptyEveryStore() {
        postJson("/metrics", "{\"label\":\"c-" + UUID.randomUUID() + "\",\"value\":1}");

        RestTestClientResponse cleared = postAs(ADMIN, ADMIN_PASSWORD, "/admin/clear");
        assertThat(cleared).hasStatus(200);
        assertThat(Json.of(cleared).get("cleared").booleanValue()).isTrue();
        assertThat(metrics.count()).isZero();

        postJson("/metrics", "{\"label\":\"r-" + UUID.randomUUID() + "\",\"value\":1}");
        RestTestClientResponse reset = postAs(ADMIN, ADMIN_PASSWORD, "/admin/reset");
        assertThat(reset).hasStatus(200);
        assertThat(Json.of(reset).get("reset").booleanValue()).isTrue();
        assertThat(metrics.count()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health", "/actuator/metrics", "/actuator/prometheus"})
    void publicActuatorEndpointsAreReadableAnonymously(String path) {
        assertThat(get(path)).hasStatus(200);
    }

    @Test
    void theEventstoreEndpointAndSnapshotNowNeedTheAdminRole() {
        for (String path : List.of("/actuator/eventstore", "/actuator/eventstore/metrics")) {
            RestTestClientResponse anonymous = get(path);
            assertThat(anonymous).hasStatus(401);
            assertThat(anonymous).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(getAs(VIEWER, VIEWER_PASSWORD, path)).hasStatus(403);
        }
        JsonNode all = Json.of(getAs(ADMIN, ADMIN_PASSWORD, "/actuator/eventstore"));
        assertThat(all.get("stores").has("metrics")).isTrue();
        assertThat(all.get("stores").has("sensors")).isTrue();
        assertThat(all.get("stores").has("streams")).isTrue();
        assertThat(all.get("stores").get("metrics").get("snapshot").get("enabled").booleanValue()).isTrue();
        assertThat(Json.of(getAs(ADMIN, ADMIN_PASSWORD, "/actuator/eventstore/metrics")).get("partitionDetails").size())
                .isEqualTo(metrics.partitions());

        http.post().uri("/actuator/eventstore/metrics").exchange().expectStatus().isEqualTo(401);
        assertThat(postAs(VIEWER, VIEWER_PASSWORD, "/actuator/eventstore/metrics")).hasStatus(403);
        RestTestClientResponse snapshot = postAs(ADMIN, ADMIN_PASSWORD, "/actuator/eventstore/metrics");
        assertThat(snapshot).hasStatus(200);
        assertThat(Json.of(snapshot).get("store").stringValue()).isEqualTo("metrics");
    }

    @Test
    void anonymousHealthIsTheStatusOnly() {
        RestTestClientResponse anonymous = get("/actuator/health");
        RestTestClientResponse viewer = getAs(VIEWER, VIEWER_PASSWORD, "/actuator/health");

        for (RestTestClientResponse health : List.of(anonymous, viewer)) {
            assertThat(health).hasStatus(200);
            // The names of the probe groups (liveness, readiness) are no secret; components and details are.
            assertThat(Json.of(health).propertyNames()).as(Json.text(health)).containsAnyOf("status")
                    .isSubsetOf("status", "groups");
            assertThat(Json.of(health).get("status").stringValue()).isEqualTo("UP");
            assertThat(Json.text(health)).doesNotContain("diskSpace", "free", "path", "lastError", "test-snapshots");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/disk.free"})
    void anonymousMetricsNameNoPath(String path) {
        String workingDirectory = java.nio.file.Path.of("").toAbsolutePath().toString();

        RestTestClientResponse response = get(path);

        assertThat(Json.text(response)).as(path).doesNotContain(workingDirectory, "test-snapshots");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health/diskSpace", "/actuator/health/eventstore",
            "/actuator/health/eventstore/metrics"})
    void componentsAreNotReadableOneByOneAnonymously(String path) {
        RestTestClientResponse anonymous = get(path);

        assertThat(anonymous).hasStatus(404);
        assertThat(Json.text(anonymous)).doesNotContain("free", "path", "lastError", "test-snapshots");
        assertThat(getAs(ADMIN, ADMIN_PASSWORD, path)).hasStatus(200);
    }

    @Test
    void adminSeesTheHealthComponentsAndDetails() {
        RestTestClientResponse health = getAs(ADMIN, ADMIN_PASSWORD, "/actuator/health");

        assertThat(health).hasStatus(200);
        JsonNode components = Json.of(health).get("components");
        assertThat(components.get("eventstore").get("status").stringValue()).isEqualTo("UP");
        assertThat(components.get("diskSpace").get("details").has("free")).isTrue();
    }

    @Test
    void infoNamesTheSnapshotDirectoryHenceNeedsTheAdminRole() {
        RestTestClientResponse anonymous = get("/actuator/info");
        assertThat(anonymous).hasStatus(401);
        assertThat(anonymous).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Json.text(anonymous)).doesNotContain("test-snapshots");
        assertThat(getAs(VIEWER, VIEWER_PASSWORD, "/actuator/info")).hasStatus(403);

        RestTestClientResponse info = getAs(ADMIN, ADMIN_PASSWORD, "/actuator/info");
        assertThat(info).hasStatus(200);
        assertThat(Json.text(info)).contains("metrics", "sensors", "streams", "test-snapshots");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Admin", "ADMIN", "admin ", " admin"})
    void userNamesAreExact(String user) {
        assertThat(getAs(user, ADMIN_PASSWORD, "/actuator/info")).hasStatus(401);
        assertThat(getAs(ADMIN, ADMIN_PASSWORD, "/actuator/info")).hasStatus(200);
    }

    private RestTestClientResponse getAs(String user, String password, String path) {
        return RestTestClientResponse.from(http.get().uri(path)
                .headers(headers -> headers.setBasicAuth(user, password)).exchange());
    }

    private RestTestClientResponse postAs(String user, String password, String path) {
        return RestTestClientResponse.from(http.post().uri(path)
                .headers(headers -> headers.setBasicAuth(user, password)).exchange());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator", "/actuator/env", "/actuator/beans", "/actuator/configprops",
            "/actuator/loggers", "/actuator/heapdump"})
    void everythingElseUnderActuatorNeedsCredentials(String path) {
        assertThat(get(path)).hasStatus(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/metrics/..;/admin/clear", "/metrics/%2e%2e/admin/clear", "/metrics//sum?label=x"})
    void urlsTheFirewallRejectsAre400Problems(String path) {
        // an absolute URI is sent as it is written; a URI template would encode its '%' and normalise nothing less
        RestTestClientResponse response = RestTestClientResponse.from(http.get()
                .uri(java.net.URI.create("http://127.0.0.1:" + port + path)).exchange());

        assertThat(response).hasStatus(400);
        assertThat(response).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Json.of(response).get("title").stringValue()).isEqualTo("Rejected URL");
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
