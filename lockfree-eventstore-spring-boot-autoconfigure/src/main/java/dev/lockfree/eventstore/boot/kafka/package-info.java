/**
 * Stores fed by Kafka topics, at run time: the listener containers that drive each store's
 * {@code KafkaStoreBinding}, the {@code <name>EventPublisher} beans, and {@link
 * dev.lockfree.eventstore.boot.kafka.EventStoreCluster}, which answers for a whole topic from whichever instance
 * is asked.
 *
 * <p>Kafka is the only directory: which instance owns which partition comes from the consumer group's membership
 * (Admin {@code describeConsumerGroups}), and each member's address travels in its client id ({@link
 * dev.lockfree.eventstore.boot.kafka.MemberAddress}). Runtime code only: it never depends on {@code
 * dev.lockfree.eventstore.boot.autoconfigure}, which creates it from {@code eventstore.stores.<name>.kafka.*}.
 */
@NullMarked
package dev.lockfree.eventstore.boot.kafka;

import org.jspecify.annotations.NullMarked;
