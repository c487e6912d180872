package dev.lockfree.eventstore.boot.autoconfigure.kafka;

import java.util.Map;

import dev.lockfree.eventstore.boot.autoconfigure.EventStoreProperties;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when some store of {@code eventstore.stores.*} names a Kafka topic. */
class OnKafkaFedStoreCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, EventStoreProperties.Store> stores;
        try {
            stores = Binder.get(context.getEnvironment())
                    .bind("eventstore.stores", Bindable.mapOf(String.class, EventStoreProperties.Store.class))
                    .orElse(Map.of());
        } catch (BindException e) {
            // EventStoreProperties reports the bad value with its key
            return ConditionOutcome.noMatch("eventstore.stores does not bind: " + e.getMessage());
        }
        for (Map.Entry<String, EventStoreProperties.Store> store : stores.entrySet()) {
            if (store.getValue() != null && store.getValue().kafkaFeed() != null) {
                return ConditionOutcome.match("eventstore.stores." + store.getKey() + ".kafka.topic is set");
            }
        }
        return ConditionOutcome.noMatch("no eventstore.stores.<name>.kafka.topic is set");
    }
}
