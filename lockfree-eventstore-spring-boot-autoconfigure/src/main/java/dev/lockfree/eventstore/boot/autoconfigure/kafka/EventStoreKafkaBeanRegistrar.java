package dev.lockfree.eventstore.boot.autoconfigure.kafka;

import java.util.Map;

import dev.lockfree.eventstore.boot.autoconfigure.EventStoreProperties;
import dev.lockfree.eventstore.boot.kafka.KafkaFedStore;
import dev.lockfree.eventstore.boot.kafka.KafkaStoreFeed;
import dev.lockfree.eventstore.kafka.EventStorePublisher;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;

/**
 * Registers, per store with {@code eventstore.stores.<name>.kafka.topic}, its feed {@code <name>KafkaFeed}
 * ({@code KafkaStoreFeed<T>}, a lifecycle bean) and its publisher {@code <name>EventPublisher}
 * ({@code EventStorePublisher<T>}), with their generic types so that {@code EventStorePublisher<Order>} injects by
 * type, and {@code <name>KafkaFedStore}, from which {@code EventStoreCluster} learns the store's topic, group and
 * held partitions.
 */
class EventStoreKafkaBeanRegistrar implements BeanRegistrar {

    /** Suffix of the bean name of a store's publisher; the store's refusal of local appends names the bean. */
    static final String PUBLISHER_SUFFIX = "EventPublisher";
    /** Suffix of the bean name of a store's feed. */
    static final String FEED_SUFFIX = "KafkaFeed";
    /** Suffix of the bean name of a store's {@link KafkaFedStore}, read by the cluster query. */
    static final String FED_STORE_SUFFIX = "KafkaFedStore";

    @Override
    public void register(BeanRegistry registry, Environment env) {
        Map<String, EventStoreProperties.Store> stores = Binder.get(env)
                .bind("eventstore.stores", Bindable.mapOf(String.class, EventStoreProperties.Store.class))
                .orElse(Map.of());
        stores.forEach((name, store) -> {
            if (store != null && store.kafkaFeed() != null) {
                register(registry, name, store.effectiveEventType());
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> void register(BeanRegistry registry, String name, Class<T> eventType) {
        String feedName = name + FEED_SUFFIX;
        ParameterizedTypeReference<KafkaStoreFeed<T>> feedType = ParameterizedTypeReference.forType(
                ResolvableType.forClassWithGenerics(KafkaStoreFeed.class, eventType).getType());
        registry.registerBean(feedName, feedType, spec -> spec
                .description("The Kafka feed of event store '" + name + "' (eventstore.stores." + name + ".kafka)")
                .supplier(context -> KafkaStoreFeedFactory.create(name, eventType, context)));
        ParameterizedTypeReference<EventStorePublisher<T>> publisherType = ParameterizedTypeReference.forType(
                ResolvableType.forClassWithGenerics(EventStorePublisher.class, eventType).getType());
        registry.registerBean(name + PUBLISHER_SUFFIX, publisherType, spec -> spec
                .description("Publishes the events of Kafka-fed event store '" + name + "' to its topic")
                .supplier(context -> ((KafkaStoreFeed<T>) context.bean(feedName, KafkaStoreFeed.class)).publisher()));
        registry.registerBean(name + FED_STORE_SUFFIX, KafkaFedStore.class, spec -> spec
                .description("What EventStoreCluster needs of Kafka-fed event store '" + name + "'")
                .supplier(context -> context.bean(feedName, KafkaStoreFeed.class).fedStore()));
    }
}
