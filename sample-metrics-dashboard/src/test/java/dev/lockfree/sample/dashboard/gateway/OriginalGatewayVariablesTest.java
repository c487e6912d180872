package dev.lockfree.sample.dashboard.gateway;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class OriginalGatewayVariablesTest {

    private static StandardEnvironment environment(Map<String, Object> variables, String... profiles) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        variables));
        environment.setActiveProfiles(profiles);
        new OriginalGatewayVariables().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void underTheGatewayProfileTheVariablesBecomeTheBootKeysAndKeepTheirOrigin() {
        StandardEnvironment environment = environment(
                Map.of("EVENTSTORE_URL", " http://central:8080 ", "GATEWAY_ID", "gw-7"), "gateway");

        assertThat(environment.getProperty("eventstore.client.base-url")).isEqualTo("http://central:8080");
        assertThat(environment.getProperty("dashboard.gateway.id")).isEqualTo("gw-7");
        var source = environment.getPropertySources().get(OriginalGatewayVariables.PROPERTY_SOURCE);
        assertThat(OriginLookup.getOrigin(source, "eventstore.client.base-url"))
                .hasToString("System Environment Property \"EVENTSTORE_URL\"");
    }

    @Test
    void aUrlThatIsNotAbsoluteHttpIsRefusedNamingTheVariable() {
        for (String bad : new String[] {"central:8080", "ftp://central/x", "http//central", "/streams"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> environment(Map.of("EVENTSTORE_URL", bad),
                            "gateway"))
                    .as(bad).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("EVENTSTORE_URL (read as eventstore.client.base-url")
                    .hasMessageEndingWith("but was " + bad);
        }
    }

    @Test
    void aCentralInstanceIgnoresThem() {
        StandardEnvironment environment = environment(Map.of("EVENTSTORE_URL", "http://central:8080",
                "GATEWAY_ID", "gw-7"));

        assertThat(environment.getProperty("eventstore.client.base-url")).isNull();
        assertThat(environment.getProperty("dashboard.gateway.id")).isNull();
        assertThat(environment.getPropertySources().contains(OriginalGatewayVariables.PROPERTY_SOURCE)).isFalse();
    }

    @Test
    void blankVariablesCountAsUnset() {
        StandardEnvironment environment = environment(Map.of("EVENTSTORE_URL", "  ", "GATEWAY_ID", ""), "gateway");

        assertThat(environment.getProperty("eventstore.client.base-url")).isNull();
        assertThat(environment.getProperty("dashboard.gateway.id")).isNull();
    }

    @Test
    void theBootNamesInTheEnvironmentWin() {
        StandardEnvironment environment = environment(Map.of("EVENTSTORE_URL", "http://old:7070",
                "EVENTSTORE_CLIENT_BASE_URL", "http://new:8080", "GATEWAY_ID", "gw-old",
                "DASHBOARD_GATEWAY_ID", "gw-new"), "gateway");

        assertThat(environment.getProperty("eventstore.client.base-url")).isEqualTo("http://new:8080");
        assertThat(environment.getProperty("dashboard.gateway.id")).isEqualTo("gw-new");
    }
}
