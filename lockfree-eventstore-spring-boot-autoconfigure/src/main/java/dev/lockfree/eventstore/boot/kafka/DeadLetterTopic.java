package dev.lockfree.eventstore.boot.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import dev.lockfree.eventstore.kafka.DeadLetterHandler;
import dev.lockfree.eventstore.kafka.SkipReason;
import org.jspecify.annotations.Nullable;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.kafka.core.KafkaOperations;

/**
 * Forwards each record a store skipped to its dead-letter topic, key, value and timestamp unchanged, with
 * headers saying where it came from and why ({@code eventstore-*}), so that it can be inspected or replayed.
 * Sending is asynchronous: a failed send is logged and never stops consumption.
 */
public final class DeadLetterTopic implements DeadLetterHandler {

    /** Header: the record's original topic. */
    public static final String ORIGINAL_TOPIC = "eventstore-original-topic";
    /** Header: the record's original partition, as decimal text. */
    public static final String ORIGINAL_PARTITION = "eventstore-original-partition";
    /** Header: the record's original offset, as decimal text. */
    public static final String ORIGINAL_OFFSET = "eventstore-original-offset";
    /** Header: the skip reason's tag, e.g. {@code undecodable}. */
    public static final String REASON = "eventstore-skip-reason";

    private static final Log LOG = LogFactory.getLog(DeadLetterTopic.class);

    private final String topic;
    private final KafkaOperations<String, byte[]> template;

    public DeadLetterTopic(String topic, KafkaOperations<String, byte[]> template) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.template = Objects.requireNonNull(template, "template");
    }

    public String topic() {
        return topic;
    }

    @Override
    public void deadLetter(ConsumerRecord<?, byte[]> record, SkipReason reason, @Nullable Exception cause) {
        Object key = record.key();
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, null,
                record.timestamp() >= 0 ? record.timestamp() : null, key == null ? null : key.toString(),
                record.value(), record.headers());
        out.headers().add(ORIGINAL_TOPIC, bytes(record.topic()))
                .add(ORIGINAL_PARTITION, bytes(Integer.toString(record.partition())))
                .add(ORIGINAL_OFFSET, bytes(Long.toString(record.offset())))
                .add(REASON, bytes(reason.tag()));
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        template.send(out).whenComplete((result, error) -> {
            if (error != null) {
                LOG.warn("Could not send skipped record " + where + " to dead-letter topic '" + topic + "'", error);
            }
        });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DeadLetterTopic[" + topic + "]";
    }
}
