package dev.lockfree.sample.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.lockfree.sample.dashboard.support.HttpApi;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stops the app (context close: the final snapshot runs) and starts a new one on the same snapshot directory:
 * what was posted before is answered after.
 */
class RestartRestoresTests {

    @TempDir
    Path snapshots;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(MetricsDashboardApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--eventstore.snapshot.directory=" + snapshots,
                "--dashboard.security.users.admin.password=admin-secret");
    }

    private static HttpApi api(ConfigurableApplicationContext context) {
        return new HttpApi(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @Test
    void metricsAndSensorsSurviveARestart() throws Exception {
        String label = "restart-" + UUID.randomUUID();
        String device = "device-" + UUID.randomUUID();
        try (ConfigurableApplicationContext first = start()) {
            HttpApi api = api(first);
            for (int i = 1; i <= 10; i++) {
                assertThat(api.postJson("/metrics", "{\"label\":\"" + label + "\",\"value\":" + i + "}").status())
                        .isEqualTo(202);
            }
            assertThat(api.postJson("/sensor", "{\"deviceId\":\"" + device + "\",\"temperature\":21,\"humidity\":45}")
                    .status()).isEqualTo(202);
        }
        try (var files = Files.walk(snapshots)) {
            assertThat(files.filter(Files::isRegularFile).map(Path::toString))
                    .as("the final snapshot wrote files").anyMatch(name -> name.contains("metrics"));
        }

        try (ConfigurableApplicationContext second = start()) {
            HttpApi api = api(second);
            JsonNode window = api.get("/metrics/window?label=" + label).json();
            assertThat(window.get("count").longValue()).isEqualTo(10);
            assertThat(window.get("sum").doubleValue()).isEqualTo(55);
            JsonNode sensor = api.get("/sensor/" + device).json();
            assertThat(sensor.get("temperature").get("max").doubleValue()).isEqualTo(21);
            assertThat(api.get("/state").json().get("restoredCount").longValue()).isGreaterThanOrEqualTo(2);
        }
    }
}
