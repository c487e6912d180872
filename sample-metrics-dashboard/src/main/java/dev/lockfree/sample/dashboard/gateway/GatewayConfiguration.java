package dev.lockfree.sample.dashboard.gateway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import dev.lockfree.eventstore.client.EventStoreClient;

/**
 * The gateway role's beans, only under the {@code gateway} profile. The {@link EventStoreClient} is the starter's
 * (auto-configured from {@code eventstore.client.*}, closed with the context); this role only insists on it.
 */
@Configuration(proxyBeanMethods = false)
@Profile("gateway & !kafka")
public class GatewayConfiguration {

    @Bean
    OrderGateway orderGateway(ObjectProvider<EventStoreClient> client, GatewayProperties properties) {
        EventStoreClient central = client.getIfAvailable();
        if (central == null) {
            throw new IllegalStateException("The gateway role needs the central instance's URL: set "
                    + "eventstore.client.base-url (or EVENTSTORE_CLIENT_BASE_URL, or EVENTSTORE_URL), "
                    + "e.g. http://127.0.0.1:8080");
        }
        return new OrderGateway(central, properties);
    }
}
