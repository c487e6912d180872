/**
 * Auto-configuration of stores fed by Kafka topics: {@link
 * dev.lockfree.eventstore.boot.autoconfigure.kafka.EventStoreClusterAutoConfiguration} creates the cluster query
 * ({@code EventStoreCluster}, its Kafka-based owner discovery and HTTP client, and the {@code eventstorewindow}
 * endpoint) from the {@code KafkaFedStore} beans that the Kafka wiring registers.
 */
@NullMarked
package dev.lockfree.eventstore.boot.autoconfigure.kafka;

import org.jspecify.annotations.NullMarked;
