package dev.lockfree.eventstore.boot.actuate.endpoint;

import org.jspecify.annotations.Nullable;

/**
 * Where the endpoint finds the {@code kafka} section of a store. An interface of this package, free of Kafka
 * types, so that the endpoint loads and works without Kafka on the classpath; the Kafka wiring provides it.
 */
@FunctionalInterface
public interface KafkaDescriptorSource {

    /** The store's Kafka section, or {@code null} when the store is not fed by a Kafka topic. */
    @Nullable KafkaDescriptor kafka(String store);
}
