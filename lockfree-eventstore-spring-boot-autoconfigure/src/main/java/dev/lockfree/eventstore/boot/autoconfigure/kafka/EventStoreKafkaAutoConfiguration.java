package dev.lockfree.eventstore.boot.autoconfigure.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.actuate.endpoint.KafkaFeedDescriptions;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreAutoConfiguration;
import dev.lockfree.eventstore.boot.kafka.KafkaFeedHealthIndicator;
import dev.lockfree.eventstore.boot.kafka.KafkaFeedMeterBinder;
import dev.lockfree.eventstore.boot.kafka.KafkaStoreFeed;
import dev.lockfree.eventstore.kafka.KafkaStoreBinding;
import io.micrometer.core.instrument.binder.MeterBinder;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * Stores fed by Kafka topics: for each store with {@code eventstore.stores.<name>.kafka.topic}, a listener
 * container feeding it ({@code <name>KafkaFeed}) and its {@code <name>EventPublisher}; with Actuator, the
 * {@code kafka} section of the eventstore endpoint and a health indicator per store under
 * {@code eventstoreKafka}; with Micrometer, the {@code eventstore.kafka.*} meters. Active with Spring Kafka, the
 * Kafka binding and Jackson on the classpath and some store naming a topic; the connection is Boot's
 * {@code spring.kafka.*}.
 */
@AutoConfiguration(after = EventStoreAutoConfiguration.class,
        afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass({ EventStore.class, KafkaStoreBinding.class, ConcurrentMessageListenerContainer.class,
        JsonMapper.class })
@ConditionalOnBean(EventStoreRegistry.class)
@Conditional(OnKafkaFedStoreCondition.class)
@Import(EventStoreKafkaBeanRegistrar.class)
public final class EventStoreKafkaAutoConfiguration {

    /** The {@code kafka} section of {@code GET /actuator/eventstore/{store}}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        KafkaFeedDescriptions eventStoreKafkaDescriptions(ObjectProvider<KafkaStoreFeed<?>> feeds) {
            return new KafkaFeedDescriptions(feeds.orderedStream().toList());
        }
    }

    /** {@code /actuator/health/eventstoreKafka/<store>}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
    static class HealthConfiguration {

        @Bean
        @ConditionalOnEnabledHealthIndicator("eventstore-kafka")
        @ConditionalOnMissingBean(name = { "eventstoreKafkaHealthIndicator", "eventstoreKafkaHealthContributor" })
        CompositeHealthContributor eventstoreKafkaHealthContributor(ObjectProvider<KafkaStoreFeed<?>> feeds) {
            Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
            feeds.orderedStream().forEach(f -> indicators.put(f.settings().store(), new KafkaFeedHealthIndicator(f)));
            return CompositeHealthContributor.fromMap(indicators);
        }
    }

    /** {@code eventstore.kafka.records.consumed}, {@code .records.skipped} and {@code eventstore.kafka.lag}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class MetricsConfiguration {

        @Bean
        MeterBinder eventStoreKafkaMeterBinder(ObjectProvider<KafkaStoreFeed<?>> feeds) {
            List<KafkaStoreFeed<?>> all = feeds.orderedStream().toList();
            return registry -> all.forEach(f -> new KafkaFeedMeterBinder(f).bindTo(registry));
        }
    }
}
