package dev.lockfree.eventstore.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Receives each record {@link KafkaStoreBinding} skipped (on the consumer thread, after it was counted and
 * logged), e.g. to forward it to a dead-letter topic. An exception thrown here is logged and does not stop
 * consumption.
 */
@FunctionalInterface
public interface DeadLetterHandler {

    /**
     * @param cause the decoder's or selector's exception, or {@code null} when the reason says it all
     */
    void deadLetter(ConsumerRecord<?, byte[]> record, SkipReason reason, Exception cause);
}
