package dev.lockfree.sample.dashboard.gateway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import dev.lockfree.eventstore.client.EventStoreClient;
import dev.lockfree.eventstore.client.RetryPolicy;

/** The gateway role's beans, only under the {@code gateway} profile. */
@Configuration(proxyBeanMethods = false)
@Profile("gateway")
public class GatewayConfiguration {

    @Bean
    EventStoreClient eventStoreClient(EventStoreClientProperties properties) {
        if (properties.baseUrl() == null) {
            throw new IllegalStateException("The gateway role needs the central instance's URL: set "
                    + "eventstore.client.base-url (or EVENTSTORE_CLIENT_BASE_URL), e.g. http://127.0.0.1:8080");
        }
        return EventStoreClient.builder(properties.baseUrl())
                .connectTimeout(properties.connectTimeout())
                .requestTimeout(properties.requestTimeout())
                .retryPolicy(properties.maxRetries() == 0 ? RetryPolicy.none()
                        : RetryPolicy.exponential(properties.maxRetries(), java.time.Duration.ofMillis(50),
                                java.time.Duration.ofSeconds(2)))
                .build();
    }

    @Bean
    OrderGateway orderGateway(EventStoreClient client, GatewayProperties properties) {
        return new OrderGateway(client, properties);
    }
}
