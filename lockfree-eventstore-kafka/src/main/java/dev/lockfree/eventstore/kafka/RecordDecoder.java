package dev.lockfree.eventstore.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns one record's value into an event. It sees the whole record, so an event type whose timestamp is not
 * in the value can take the record's ({@link ConsumerRecord#timestamp()}). A decoder that throws, or returns
 * {@code null}, gets the record skipped as {@link SkipReason#UNDECODABLE}; it is never called for a record
 * without a value ({@link SkipReason#NULL_VALUE}).
 *
 * @param <T> the event type
 */
@FunctionalInterface
public interface RecordDecoder<T> {

    T decode(ConsumerRecord<?, byte[]> record) throws Exception;
}
