/**
 * Wiring of the stores fed by Kafka topics ({@code eventstore.stores.<name>.kafka.*}): creates the runtime
 * types of {@code dev.lockfree.eventstore.boot.kafka} from the properties and Boot's Kafka connection, and ({@link
 * dev.lockfree.eventstore.boot.autoconfigure.kafka.EventStoreClusterAutoConfiguration}) the cluster query
 * ({@code EventStoreCluster}, its Kafka-based owner discovery and HTTP client, and the {@code eventstorewindow}
 * endpoint) from the {@code KafkaFedStore} beans that the Kafka wiring registers.
 */
@NullMarked
package dev.lockfree.eventstore.boot.autoconfigure.kafka;

import org.jspecify.annotations.NullMarked;
