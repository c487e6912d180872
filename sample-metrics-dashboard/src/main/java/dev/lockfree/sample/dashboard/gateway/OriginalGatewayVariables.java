package dev.lockfree.sample.dashboard.gateway;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Lets a gateway be configured as the C# seed's GatewayClient was, so its compose files and scripts carry over:
 * {@code EVENTSTORE_URL} is read as {@code eventstore.client.base-url} and {@code GATEWAY_ID} as
 * {@code dashboard.gateway.id}, under the {@code gateway} profile only (a central instance never reads them, so a
 * shell that exported {@code EVENTSTORE_URL} for the client sample changes nothing there). The Boot names win
 * wherever they are set (command line, {@code EVENTSTORE_CLIENT_BASE_URL}, {@code DASHBOARD_GATEWAY_ID}, a
 * configuration file): these are added after every other property source. A blank variable counts as unset.
 * A URL that is not absolute http(s) fails start-up naming {@code EVENTSTORE_URL}: the client's own check would
 * name only the key it was read as, which the operator never wrote.
 */
public class OriginalGatewayVariables implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE = "originalGatewayVariables";
    static final Map<String, String> ALIASES = Map.of(
            "EVENTSTORE_URL", "eventstore.client.base-url",
            "GATEWAY_ID", "dashboard.gateway.id");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.matchesProfiles("gateway")) {
            return;
        }
        PropertySource<?> variables = environment.getPropertySources()
                .get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        if (variables == null) {
            return;
        }
        Map<String, Object> aliased = new LinkedHashMap<>();
        ALIASES.forEach((variable, key) -> {
            Object value = variables.getProperty(variable);
            if (value != null && !value.toString().isBlank()) {
                String text = value.toString().trim();
                if (variable.equals("EVENTSTORE_URL")) {
                    checkUrl(text);
                }
                aliased.put(key, OriginTrackedValue.of(text, new SystemEnvironmentOrigin(variable)));
            }
        });
        if (!aliased.isEmpty()) {
            environment.getPropertySources().addLast(new OriginTrackedMapPropertySource(PROPERTY_SOURCE, aliased));
        }
    }

    private static void checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getScheme() == null
                || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
            throw new IllegalStateException("EVENTSTORE_URL (read as eventstore.client.base-url by the gateway role) "
                    + "must be an absolute http or https URL such as http://eventstore:8080, but was " + url);
        }
    }

    /** After config data, which activates the profiles ({@code SPRING_PROFILES_ACTIVE=gateway} included). */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
