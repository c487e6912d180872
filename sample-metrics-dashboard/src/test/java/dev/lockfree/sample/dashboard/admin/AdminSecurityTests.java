package dev.lockfree.sample.dashboard.admin;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.sample.dashboard.security.LoginThrottle;
import dev.lockfree.sample.dashboard.support.AppTest;
import dev.lockfree.sample.dashboard.support.HttpApi;
import dev.lockfree.sample.dashboard.support.HttpApi.Response;

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

    HttpApi api;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        loginThrottle.clear(); // this class provokes failed logins, the context is shared
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin/clear", "/admin/reset", "/admin/purge?olderThanMinutes=1"})
    void adminRoutesWithoutCredentialsAre401ProblemsAndChangeNothing(String path) {
        api.postJson("/metrics", "{\"label\":\"kept-" + UUID.randomUUID() + "\",\"value\":1}");
        long count = metrics.count();

        Response response = api.post(path, null, "");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("title").stringValue()).isEqualTo("Unauthorized");
        assertThat(metrics.count()).isGreaterThanOrEqualTo(count);
    }

    @Test
    void wrongPasswordIs401() {
        assertThat(api.postAs(ADMIN, "nope", "/admin/clear").status()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin/clear", "/admin/reset", "/admin/purge"})
    void aUserWithoutTheAdminRoleGets403Problem(String path) {
        Response response = api.postAs(VIEWER, VIEWER_PASSWORD, path);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").stringValue()).contains("ADMIN");
    }

    @Test
    void purgeRemovesOlderEventsOfEveryStore() {
        String label = "old-" + UUID.randomUUID();
        api.postJson("/metrics", "{\"label\":\"" + label + "\",\"value\":1,\"timestamp\":\"2001-01-01T00:00:00Z\"}");
        api.postJson("/metrics", "{\"label\":\"" + label + "\",\"value\":2}");

        Response response = api.postAs(ADMIN, ADMIN_PASSWORD, "/admin/purge?olderThan=2002-01-01T00:00:00Z");

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("purgedBefore").stringValue()).isEqualTo("2002-01-01T00:00:00Z");
        assertThat(body.get("removed").get("metrics").longValue()).isGreaterThanOrEqualTo(1);
        assertThat(body.get("removed").has("sensors")).isTrue();
        assertThat(metrics.query().where(e -> e.label().equals(label)).toList())
                .extracting(MetricEvent::value).containsExactly(2.0);
    }

    @Test
    void purgeRefusesABadCutoff() {
        Response negative = api.postAs(ADMIN, ADMIN_PASSWORD, "/admin/purge?olderThanMinutes=-1");
        Response garbage = api.postAs(ADMIN, ADMIN_PASSWORD, "/admin/purge?olderThan=soon");

        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.json().get("field").stringValue()).isEqualTo("olderThanMinutes");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.json().get("field").stringValue()).isEqualTo("olderThan");
    }

    @Test
    void clearAndResetEmptyEveryStore() {
        api.postJson("/metrics", "{\"label\":\"c-" + UUID.randomUUID() + "\",\"value\":1}");

        Response cleared = api.postAs(ADMIN, ADMIN_PASSWORD, "/admin/clear");
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.json().get("cleared").booleanValue()).isTrue();
        assertThat(metrics.count()).isZero();

        api.postJson("/metrics", "{\"label\":\"r-" + UUID.randomUUID() + "\",\"value\":1}");
        Response reset = api.postAs(ADMIN, ADMIN_PASSWORD, "/admin/reset");
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.json().get("reset").booleanValue()).isTrue();
        assertThat(metrics.count()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health", "/actuator/metrics", "/actuator/prometheus"})
    void publicActuatorEndpointsAreReadableAnonymously(String path) {
        assertThat(api.get(path).status()).isEqualTo(200);
    }

    @Test
    void theEventstoreEndpointAndSnapshotNowNeedTheAdminRole() {
        for (String path : List.of("/actuator/eventstore", "/actuator/eventstore/metrics")) {
            Response anonymous = api.get(path);
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.contentType()).startsWith("application/problem+json");
            assertThat(getAs(VIEWER, VIEWER_PASSWORD, path).status()).as(path).isEqualTo(403);
        }
        JsonNode all = getAs(ADMIN, ADMIN_PASSWORD, "/actuator/eventstore").json();
        assertThat(all.get("stores").has("metrics")).isTrue();
        assertThat(all.get("stores").has("sensors")).isTrue();
        assertThat(all.get("stores").has("streams")).isTrue();
        assertThat(all.get("stores").get("metrics").get("snapshot").get("enabled").booleanValue()).isTrue();
        assertThat(getAs(ADMIN, ADMIN_PASSWORD, "/actuator/eventstore/metrics").json().get("partitionDetails").size())
                .isEqualTo(metrics.partitions());

        assertThat(api.post("/actuator/eventstore/metrics", null, "").status()).isEqualTo(401);
        assertThat(api.postAs(VIEWER, VIEWER_PASSWORD, "/actuator/eventstore/metrics").status()).isEqualTo(403);
        Response snapshot = api.postAs(ADMIN, ADMIN_PASSWORD, "/actuator/eventstore/metrics");
        assertThat(snapshot.status()).as(snapshot.toString()).isEqualTo(200);
        assertThat(snapshot.json().get("store").stringValue()).isEqualTo("metrics");
    }

    @Test
    void anonymousHealthIsTheStatusOnly() {
        Response anonymous = api.get("/actuator/health");
        Response viewer = getAs(VIEWER, VIEWER_PASSWORD, "/actuator/health");

        for (Response health : List.of(anonymous, viewer)) {
            assertThat(health.status()).isEqualTo(200);
            // The names of the probe groups (liveness, readiness) are no secret; components and details are.
            assertThat(health.json().propertyNames()).as(health.body()).containsAnyOf("status")
                    .isSubsetOf("status", "groups");
            assertThat(health.json().get("status").stringValue()).isEqualTo("UP");
            assertThat(health.body()).doesNotContain("diskSpace", "free", "path", "lastError", "test-snapshots");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/disk.free"})
    void anonymousMetricsNameNoPath(String path) {
        String workingDirectory = java.nio.file.Path.of("").toAbsolutePath().toString();

        Response response = api.get(path);

        assertThat(response.body()).as(path).doesNotContain(workingDirectory, "test-snapshots");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health/diskSpace", "/actuator/health/eventstore",
            "/actuator/health/eventstore/metrics"})
    void componentsAreNotReadableOneByOneAnonymously(String path) {
        Response anonymous = api.get(path);

        assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(404);
        assertThat(anonymous.body()).doesNotContain("free", "path", "lastError", "test-snapshots");
        assertThat(getAs(ADMIN, ADMIN_PASSWORD, path).status()).isEqualTo(200);
    }

    @Test
    void adminSeesTheHealthComponentsAndDetails() {
        Response health = getAs(ADMIN, ADMIN_PASSWORD, "/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        JsonNode components = health.json().get("components");
        assertThat(components.get("eventstore").get("status").stringValue()).isEqualTo("UP");
        assertThat(components.get("diskSpace").get("details").has("free")).isTrue();
    }

    @Test
    void infoNamesTheSnapshotDirectoryHenceNeedsTheAdminRole() {
        Response anonymous = api.get("/actuator/info");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.body()).doesNotContain("test-snapshots");
        assertThat(getAs(VIEWER, VIEWER_PASSWORD, "/actuator/info").status()).isEqualTo(403);

        Response info = getAs(ADMIN, ADMIN_PASSWORD, "/actuator/info");
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.body()).contains("metrics", "sensors", "streams", "test-snapshots");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Admin", "ADMIN", "admin ", " admin"})
    void userNamesAreExact(String user) {
        assertThat(getAs(user, ADMIN_PASSWORD, "/actuator/info").status()).isEqualTo(401);
        assertThat(getAs(ADMIN, ADMIN_PASSWORD, "/actuator/info").status()).isEqualTo(200);
    }

    private Response getAs(String user, String password, String path) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        return api.send(HttpRequest.newBuilder(api.uri(path)).header("Authorization", "Basic " + credentials).GET());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator", "/actuator/env", "/actuator/beans", "/actuator/configprops",
            "/actuator/loggers", "/actuator/heapdump"})
    void everythingElseUnderActuatorNeedsCredentials(String path) {
        assertThat(api.get(path).status()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/metrics/..;/admin/clear", "/metrics/%2e%2e/admin/clear", "/metrics//sum?label=x"})
    void urlsTheFirewallRejectsAre400Problems(String path) {
        Response response = api.send(java.net.http.HttpRequest.newBuilder(api.uri("/")).uri(java.net.URI.create(
                api.uri("/").toString().replaceAll("/$", "") + path)).GET());

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("title").stringValue()).isEqualTo("Rejected URL");
    }
}
