package dev.lockfree.sample.dashboard.kafka;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import dev.lockfree.eventstore.kafka.EventStorePublisher;
import dev.lockfree.sample.dashboard.gateway.GatewayProperties;
import dev.lockfree.sample.dashboard.gateway.OrderCreated;

/**
 * The gateway role with Kafka (profiles {@code gateway,kafka}): orders go to the {@code orders} topic through the
 * store's publisher, so this role needs the {@code orders} store to name a topic, and no central instance's URL.
 */
@Configuration(proxyBeanMethods = false)
@Profile("gateway & kafka")
public class KafkaGatewayConfiguration {

    @Bean
    KafkaOrderGateway kafkaOrderGateway(ObjectProvider<EventStorePublisher<OrderCreated>> publisher,
                                        GatewayProperties properties,
                                        @Value("${dashboard.gateway.publish-timeout:30s}") Duration timeout) {
        EventStorePublisher<OrderCreated> orders = publisher.getIfAvailable();
        if (orders == null) {
            throw new IllegalStateException("The gateway role with the kafka profile publishes to the 'orders' "
                    + "store's topic: set eventstore.stores.orders.kafka.topic (application-kafka.yml does)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("dashboard.gateway.publish-timeout must be positive, was " + timeout);
        }
        return new KafkaOrderGateway(orders, properties, timeout);
    }
}
