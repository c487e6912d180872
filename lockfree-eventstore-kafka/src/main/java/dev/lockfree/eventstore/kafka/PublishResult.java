package dev.lockfree.eventstore.kafka;

/**
 * Where {@link EventStorePublisher} put an event: the topic partition (= the store partition that will hold it)
 * and the record's offset.
 *
 * @param timestamp the record's timestamp as the broker acknowledged it, or -1 when unknown
 */
public record PublishResult(String topic, int partition, long offset, long timestamp) {
}
