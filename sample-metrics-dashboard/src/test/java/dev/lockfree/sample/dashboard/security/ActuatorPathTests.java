package dev.lockfree.sample.dashboard.security;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;

import dev.lockfree.sample.dashboard.support.Json;

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
    @AutoConfigureRestTestClient
    class ChangedBasePath {

        @Autowired
        RestTestClient api;

        @Test
        void healthIsTheStatusOnlyAnonymouslyAndDetailedForAdmin() {
            RestTestClientResponse anonymous = get(api, "/manage/health");
            assertThat(anonymous).hasStatus(200);
            assertThat(Json.of(anonymous).has("components")).isFalse();

            RestTestClientResponse admin = getAs(api, "/manage/health");
            assertThat(Json.of(admin).get("components").has("diskSpace")).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"/manage", "/manage/info", "/manage/env", "/manage/beans", "/manage/heapdump"})
        void everythingElseUnderTheBasePathNeedsCredentials(String path) {
            RestTestClientResponse response = get(api, path);

            assertThat(response).as(path).hasStatus(401)
                    .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }

        @Test
        void adminReadsInfoAndSnapshotNowNeedsCredentials() {
            assertThat(getAs(api, "/manage/info")).hasStatus(200);
            api.post().uri("/manage/eventstore/metrics").exchange().expectStatus().isEqualTo(401);
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

        RestTestClient api;

        /** The auto-configured client is bound to the server port; this one to the management port. */
        @BeforeEach
        void setUp() {
            api = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();
        }

        @Test
        void healthIsTheStatusOnlyAnonymously() {
            RestTestClientResponse anonymous = get(api, "/actuator/health");
            assertThat(anonymous).hasStatus(200);
            assertThat(Json.of(anonymous).has("components")).isFalse();
            assertThat(Json.of(getAs(api, "/actuator/health")).get("components").has("diskSpace")).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"/actuator", "/actuator/info", "/actuator/env"})
        void everythingElseNeedsCredentials(String path) {
            assertThat(get(api, path)).as(path).hasStatus(401);
        }

        @Test
        void adminReadsInfo() {
            assertThat(getAs(api, "/actuator/info")).hasStatus(200);
        }
    }

    static RestTestClientResponse get(RestTestClient api, String path) {
        return RestTestClientResponse.from(api.get().uri(path).exchange());
    }

    static RestTestClientResponse getAs(RestTestClient api, String path) {
        return RestTestClientResponse.from(api.get().uri(path)
                .headers(headers -> headers.setBasicAuth("admin", "admin-secret")).exchange());
    }
}
