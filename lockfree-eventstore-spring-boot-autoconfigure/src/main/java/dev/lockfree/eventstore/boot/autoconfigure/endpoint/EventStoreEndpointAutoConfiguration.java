package dev.lockfree.eventstore.boot.autoconfigure.endpoint;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.actuate.endpoint.EventStoreEndpoint;
import dev.lockfree.eventstore.boot.actuate.endpoint.KafkaDescriptorSource;
import dev.lockfree.eventstore.boot.actuate.endpoint.EventStoreEndpointWebExtension;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreAutoConfiguration;
import dev.lockfree.eventstore.boot.snapshot.EventStoreSnapshotLifecycle;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;

/**
 * The {@code eventstore} Actuator endpoint, when Actuator is on the classpath and the endpoint is
 * accessible and exposed ({@code management.endpoints.web.exposure.include=eventstore}).
 */
@AutoConfiguration(after = EventStoreAutoConfiguration.class)
@ConditionalOnClass({ EventStore.class, Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(EventStoreRegistry.class)
@ImportRuntimeHints(EventStoreEndpointRuntimeHints.class)
public final class EventStoreEndpointAutoConfiguration {

    // the Actuator conditions sit on the methods: their condition classes load only once @ConditionalOnClass passed
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    EventStoreEndpoint eventStoreEndpoint(EventStoreRegistry registry,
                                          ObjectProvider<EventStoreSnapshotLifecycle> lifecycle,
                                          ObjectProvider<KafkaDescriptorSource> kafka) {
        KafkaDescriptorSource source = kafka.getIfAvailable();
        return new EventStoreEndpoint(registry, lifecycle.getIfAvailable(), source != null ? source : store -> null);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(EventStoreEndpoint.class)
    @ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
    EventStoreEndpointWebExtension eventStoreEndpointWebExtension(EventStoreEndpoint endpoint) {
        return new EventStoreEndpointWebExtension(endpoint);
    }
}
