package dev.lockfree.sample.dashboard.health;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;

import dev.lockfree.sample.dashboard.support.AppTest;
import dev.lockfree.sample.dashboard.support.Json;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The C# seed's {@code GET /health}: anonymous, the status of {@code /actuator/health} and nothing else. A health
 * indicator the test switches DOWN shows that the route follows Actuator's verdict (its own context: the switch
 * must not reach other test classes).
 */
@AppTest
@Import(HealthRouteTests.Switch.class)
class HealthRouteTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class Switch {
        final AtomicBoolean down = new AtomicBoolean();

        @Bean
        HealthIndicator testSwitch() {
            return () -> down.get() ? Health.down().withDetail("reason", "switched off by the test").build()
                    : Health.up().build();
        }
    }

    @Autowired
    RestTestClient http;

    @Autowired
    Switch healthSwitch;

    @AfterEach
    void switchBackUp() {
        healthSwitch.down.set(false);
    }

    @Test
    void anonymousHealthIsUpWithTheStatusOnly() {
        RestTestClientResponse response = RestTestClientResponse.from(http.get().uri("/health").exchange());

        assertThat(response).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        JsonNode body = Json.of(response);
        assertThat(body.propertyNames()).containsExactly("status");
        assertThat(body.get("status").stringValue()).isEqualTo("UP");
    }

    @Test
    void aDownComponentMakesIt503LikeActuatorsHealth() {
        healthSwitch.down.set(true);

        RestTestClientResponse response = RestTestClientResponse.from(http.get().uri("/health").exchange());
        RestTestClientResponse actuator = RestTestClientResponse.from(http.get().uri("/actuator/health").exchange());

        assertThat(response).hasStatus(503);
        assertThat(Json.text(response)).isEqualTo("{\"status\":\"DOWN\"}"); // the component's detail stays hidden
        assertThat(actuator).hasStatus(503);
        assertThat(Json.of(actuator).get("status").stringValue()).isEqualTo("DOWN");
    }
}
