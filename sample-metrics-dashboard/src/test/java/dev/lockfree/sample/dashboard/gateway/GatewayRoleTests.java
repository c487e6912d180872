package dev.lockfree.sample.dashboard.gateway;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.lockfree.sample.dashboard.MetricsDashboardApplication;
import dev.lockfree.sample.dashboard.support.AppTest;
import dev.lockfree.sample.dashboard.support.HttpApi;
import dev.lockfree.sample.dashboard.support.HttpApi.Response;

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

    private HttpApi startGateway(String baseUrl, String stream) {
        gateway = new SpringApplicationBuilder(MetricsDashboardApplication.class).profiles("gateway").run(
                "--server.port=0", "--server.address=127.0.0.1", "--eventstore.client.base-url=" + baseUrl,
                "--eventstore.client.max-retries=1", "--dashboard.gateway.id=gw-test",
                "--dashboard.gateway.stream=" + stream, "--eventstore.snapshot.directory=" + gatewayDir,
                "--dashboard.security.users.admin.password=x");
        return new HttpApi(((WebServerApplicationContext) gateway).getWebServer().getPort());
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
        HttpApi api = startGateway("http://127.0.0.1:" + centralPort, stream);

        Response single = api.post("/orders", null, "");
        Response bulk = api.post("/orders/bulk?n=40", null, "");
        JsonNode local = api.get("/stats/local").json();
        JsonNode global = api.get("/stats/global").json();

        assertThat(single.status()).isEqualTo(201);
        JsonNode order = single.json().get("order");
        assertThat(order.get("id").stringValue()).startsWith("gw-test-");
        assertThat(order.get("valor").intValue()).isBetween(1, 4999);
        assertThat(single.json().get("version").longValue()).isZero();
        assertThat(bulk.json().get("succeeded").intValue()).isEqualTo(40);
        assertThat(local.get("sent").longValue()).isEqualTo(41);
        assertThat(local.get("failed").longValue()).isZero();
        assertThat(global.get("count").longValue()).isEqualTo(41);
        assertThat(global.get("sum").doubleValue()).isEqualTo(local.get("sentValor").doubleValue());
        assertThat(global.get("groups").get("gw-test").get("count").longValue()).isEqualTo(41);
    }

    @Test
    void globalStatsOfAStreamWithNoOrderYetAreZero() {
        HttpApi api = startGateway("http://127.0.0.1:" + centralPort, "gateway/" + UUID.randomUUID());

        JsonNode global = api.get("/stats/global").json();

        assertThat(global.get("count").longValue()).isZero();
    }

    @Test
    void badBulkSizesAre400() {
        HttpApi api = startGateway("http://127.0.0.1:" + centralPort, "gateway/" + UUID.randomUUID());

        assertThat(api.post("/orders/bulk?n=0", null, "").status()).isEqualTo(400);
        assertThat(api.post("/orders/bulk?n=10001", null, "").json().get("field").stringValue()).isEqualTo("n");
    }

    @Test
    void anUnreachableCentralStoreIs502AndCountedAsFailed() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpApi api = startGateway("http://127.0.0.1:" + closedPort, "gateway/orders");

        Response response = api.post("/orders", null, "");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("title").stringValue()).isEqualTo("Central store failed");
        assertThat(api.get("/stats/local").json().get("failed").longValue()).isEqualTo(1);
    }

    @Test
    void theGatewayRoleNeedsTheCentralUrl() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SpringApplicationBuilder(
                        MetricsDashboardApplication.class).profiles("gateway").run("--server.port=0",
                        "--eventstore.snapshot.directory=" + gatewayDir, "--dashboard.security.users.admin.password=x"))
                .hasStackTraceContaining("eventstore.client.base-url");
    }
}
