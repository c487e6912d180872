package dev.lockfree.eventstore.boot.autoconfigure.client;

import java.util.Map;

import dev.lockfree.eventstore.boot.EventStoreClientCustomizer;
import dev.lockfree.eventstore.client.EventStoreClient;
import dev.lockfree.eventstore.client.RetryPolicy;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * An {@link EventStoreClient} bean for the server at {@code eventstore.client.base-url}, when
 * {@code lockfree-eventstore-client} is on the classpath and no {@code EventStoreClient} bean is declared. The
 * context closes it. {@link EventStoreClientCustomizer} beans adjust its builder after the properties.
 */
@AutoConfiguration
@ConditionalOnClass(EventStoreClient.class)
@ConditionalOnProperty(prefix = "eventstore.client", name = "base-url")
@EnableConfigurationProperties(EventStoreClientProperties.class)
public final class EventStoreClientAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    EventStoreClient eventStoreClient(EventStoreClientProperties properties,
                                      ObjectProvider<EventStoreClientCustomizer> customizers) {
        if (properties.baseUrl() == null) {
            throw new IllegalArgumentException("eventstore.client.base-url must not be empty");
        }
        EventStoreClient.Builder builder = EventStoreClient.builder(properties.baseUrl())
                .requestTimeout(properties.requestTimeout())
                .retryPolicy(RetryPolicy.exponential(properties.maxRetries(), properties.initialBackoff(),
                        properties.maxBackoff()))
                .readPageSize(properties.readPageSize());
        if (properties.connectTimeout() != null) {
            builder.connectTimeout(properties.connectTimeout());
        }
        for (Map.Entry<String, String> header : properties.defaultHeaders().entrySet()) {
            try {
                builder.defaultHeader(header.getKey(), header.getValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("eventstore.client.default-headers." + header.getKey()
                        + " cannot be sent: " + e.getMessage(), e);
            }
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }
}
