package dev.lockfree.sample.dashboard.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.lockfree.sample.dashboard.support.HttpApi;
import dev.lockfree.sample.dashboard.support.HttpApi.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Actuator rules follow the endpoints where Boot maps them: under a changed base path, and on a separate
 * management port. Endpoints that are not exposed still answer 401 to anonymous callers, not 404.
 */
class ActuatorPathTests {


    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "server.address=127.0.0.1",
            "eventstore.snapshot.enabled=false",
            "dashboard.security.users.admin.password=admin-secret",
            "dashboard.security.users.admin.roles=ADMIN",
            "management.endpoints.web.base-path=/manage"})
    class ChangedBasePath {

        @LocalServerPort
        int port;

        HttpApi api;

        @BeforeEach
        void setUp() {
            api = new HttpApi(port);
        }

        @Test
        void healthIsTheStatusOnlyAnonymouslyAndDetailedForAdmin() {
            Response anonymous = api.get("/manage/health");
            assertThat(anonymous.status()).isEqualTo(200);
            assertThat(anonymous.json().has("components")).isFalse();

            Response admin = getAs(api, "/manage/health");
            assertThat(admin.json().get("components").has("diskSpace")).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"/manage", "/manage/info", "/manage/env", "/manage/beans", "/manage/heapdump"})
        void everythingElseUnderTheBasePathNeedsCredentials(String path) {
            Response response = api.get(path);

            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }

        @Test
        void adminReadsInfoAndSnapshotNowNeedsCredentials() {
            assertThat(getAs(api, "/manage/info").status()).isEqualTo(200);
            assertThat(api.post("/manage/eventstore/metrics", null, "").status()).isEqualTo(401);
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "server.address=127.0.0.1",
            "eventstore.snapshot.enabled=false",
            "dashboard.security.users.admin.password=admin-secret",
            "dashboard.security.users.admin.roles=ADMIN",
            "management.server.port=0",
            "management.server.address=127.0.0.1"})
    class SeparateManagementPort {

        @LocalManagementPort
        int managementPort;

        HttpApi api;

        @BeforeEach
        void setUp() {
            api = new HttpApi(managementPort);
        }

        @Test
        void healthIsTheStatusOnlyAnonymously() {
            Response anonymous = api.get("/actuator/health");
            assertThat(anonymous.status()).isEqualTo(200);
            assertThat(anonymous.json().has("components")).isFalse();
            assertThat(getAs(api, "/actuator/health").json().get("components").has("diskSpace")).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"/actuator", "/actuator/info", "/actuator/env"})
        void everythingElseNeedsCredentials(String path) {
            assertThat(api.get(path).status()).as(path).isEqualTo(401);
        }

        @Test
        void adminReadsInfo() {
            assertThat(getAs(api, "/actuator/info").status()).isEqualTo(200);
        }
    }

    static Response getAs(HttpApi api, String path) {
        String credentials = Base64.getEncoder().encodeToString("admin:admin-secret".getBytes(StandardCharsets.UTF_8));
        return api.send(HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Authorization", "Basic " + credentials).GET());
    }
}
