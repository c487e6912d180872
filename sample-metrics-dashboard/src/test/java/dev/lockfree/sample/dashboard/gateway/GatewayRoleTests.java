package dev.lockfree.sample.dashboard.gateway;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;

import dev.lockfree.sample.dashboard.MetricsDashboardApplication;
import dev.lockfree.sample.dashboard.support.AppTest;
import dev.lockfree.sample.dashboard.support.Json;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** A gateway (profile gateway, its own context and port) in front of the central app of {@link AppTest}. */
@AppTest
class GatewayRoleTests {

    @LocalServerPort
    int centralPort;

    @TempDir
    java.nio.file.Path gatewayDir;

    ConfigurableApplicationContext gateway;

    /** The gateway is started here, not by the test framework: a RestTestClient bound to its port. */
    private RestTestClient startGateway(String baseUrl, String stream) {
        gateway = new SpringApplicationBuilder(MetricsDashboardApplication.class).profiles("gateway").run(
                "--server.port=0", "--server.address=127.0.0.1", "--eventstore.client.base-url=" + baseUrl,
                "--eventstore.client.max-retries=1", "--dashboard.gateway.id=gw-test",
                "--dashboard.gateway.stream=" + stream, "--eventstore.snapshot.directory=" + gatewayDir,
                "--dashboard.security.users.admin.password=x");
        return RestTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort())
                .build();
    }

    /**
     * A gateway started as the C# seed's compose file starts one: URL and id from {@code EVENTSTORE_URL} and
     * {@code GATEWAY_ID}, given here as the process environment the app sees (the test JVM's own cannot be set).
     */
    private RestTestClient startGatewayWithVariables(Map<String, String> variables, String... args) {
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> processEnvironment = new HashMap<>(System.getenv());
        processEnvironment.putAll(variables);
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        processEnvironment));
        String[] common = {"--server.port=0", "--server.address=127.0.0.1", "--eventstore.client.max-retries=1",
                "--dashboard.gateway.stream=gateway/" + UUID.randomUUID(),
                "--eventstore.snapshot.directory=" + gatewayDir, "--dashboard.security.users.admin.password=x"};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(common), java.util.Arrays.stream(args))
                .toArray(String[]::new);
        gateway = new SpringApplicationBuilder(MetricsDashboardApplication.class).environment(environment)
                .profiles("gateway").run(all);
        return RestTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort())
                .build();
    }

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void ordersReachTheCentralStreamAndTheTotalsAgree() {
        String stream = "gateway/" + UUID.randomUUID();
        RestTestClient api = startGateway("http://127.0.0.1:" + centralPort, stream);

        RestTestClientResponse single = post(api, "/orders");
        RestTestClientResponse bulk = post(api, "/orders/bulk?n=40");
        JsonNode local = Json.ok(api.get().uri("/stats/local"));
        JsonNode global = Json.ok(api.get().uri("/stats/global"));

        assertThat(single).hasStatus(201);
        JsonNode order = Json.of(single).get("order");
        assertThat(order.get("id").stringValue()).startsWith("gw-test-");
        assertThat(order.get("valor").intValue()).isBetween(1, 4999);
        assertThat(Json.of(single).get("version").longValue()).isZero();
        assertThat(Json.of(bulk).get("succeeded").intValue()).isEqualTo(40);
        assertThat(local.get("sent").longValue()).isEqualTo(41);
        assertThat(local.get("failed").longValue()).isZero();
        assertThat(global.get("count").longValue()).isEqualTo(41);
        assertThat(global.get("sum").doubleValue()).isEqualTo(local.get("sentValor").doubleValue());
        assertThat(global.get("groups").get("gw-test").get("count").longValue()).isEqualTo(41);
    }

    @Test
    void globalStatsOfAStreamWithNoOrderYetAreZero() {
        RestTestClient api = startGateway("http://127.0.0.1:" + centralPort, "gateway/" + UUID.randomUUID());

        JsonNode global = Json.ok(api.get().uri("/stats/global"));

        assertThat(global.get("count").longValue()).isZero();
    }

    @Test
    void badBulkSizesAre400() {
        RestTestClient api = startGateway("http://127.0.0.1:" + centralPort, "gateway/" + UUID.randomUUID());

        api.post().uri("/orders/bulk?n=0").exchange().expectStatus().isEqualTo(400);
        assertThat(Json.of(post(api, "/orders/bulk?n=10001")).get("field").stringValue()).isEqualTo("n");
    }

    @Test
    void anUnreachableCentralStoreIs502AndCountedAsFailed() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RestTestClient api = startGateway("http://127.0.0.1:" + closedPort, "gateway/orders");

        RestTestClientResponse response = post(api, "/orders");

        assertThat(response).hasStatus(502).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Json.of(response).get("title").stringValue()).isEqualTo("Central store failed");
        assertThat(Json.ok(api.get().uri("/stats/local")).get("failed").longValue()).isEqualTo(1);
    }

    @Test
    void healthNamesTheGatewayThatAnswered() {
        RestTestClient api = startGateway("http://127.0.0.1:" + centralPort, "gateway/" + UUID.randomUUID());

        JsonNode health = Json.ok(api.get().uri("/health"));

        assertThat(health.get("gatewayId").stringValue()).isEqualTo("gw-test");
        assertThat(health.get("status").stringValue()).isEqualTo("UP");
    }

    @Test
    void theOriginalsEventstoreUrlAndGatewayIdConfigureTheGateway() {
        RestTestClient api = startGatewayWithVariables(Map.of("EVENTSTORE_URL", "http://127.0.0.1:" + centralPort,
                "GATEWAY_ID", "gw-from-env"));

        RestTestClientResponse sent = post(api, "/orders");
        JsonNode global = Json.ok(api.get().uri("/stats/global"));

        assertThat(sent).hasStatus(201);
        assertThat(Json.of(sent).get("order").get("gatewayId").stringValue()).isEqualTo("gw-from-env");
        assertThat(global.get("groups").get("gw-from-env").get("count").longValue()).isEqualTo(1);
        assertThat(Json.ok(api.get().uri("/health")).get("gatewayId").stringValue()).isEqualTo("gw-from-env");
    }

    @Test
    void theBootNamesWinOverTheOriginalsVariables() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RestTestClient api = startGatewayWithVariables(Map.of("EVENTSTORE_URL", "http://127.0.0.1:" + closedPort,
                "GATEWAY_ID", "gw-from-env"), "--eventstore.client.base-url=http://127.0.0.1:" + centralPort,
                "--dashboard.gateway.id=gw-from-args");

        RestTestClientResponse sent = post(api, "/orders");

        assertThat(sent).hasStatus(201); // reached the central instance, not the closed port of EVENTSTORE_URL
        assertThat(Json.of(sent).get("order").get("gatewayId").stringValue()).isEqualTo("gw-from-args");
    }

    @Test
    void aBadEventstoreUrlFailsStartUpNamingTheVariable() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> startGatewayWithVariables(
                        Map.of("EVENTSTORE_URL", "ftp://127.0.0.1/store")))
                .hasStackTraceContaining("EVENTSTORE_URL (read as eventstore.client.base-url by the gateway role) "
                        + "must be an absolute http or https URL");
    }

    private static RestTestClientResponse post(RestTestClient api, String uri) {
        return RestTestClientResponse.from(api.post().uri(uri).exchange());
    }

    @Test
    void theGatewayRoleNeedsTheCentralUrl() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SpringApplicationBuilder(
                        MetricsDashboardApplication.class).profiles("gateway").run("--server.port=0",
                        "--eventstore.snapshot.directory=" + gatewayDir, "--dashboard.security.users.admin.password=x"))
                .hasStackTraceContaining("eventstore.client.base-url")
                .hasStackTraceContaining("EVENTSTORE_CLIENT_BASE_URL")
                .hasStackTraceContaining("EVENTSTORE_URL");
    }
}
