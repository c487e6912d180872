package dev.lockfree.eventstore.kafka;

import dev.lockfree.eventstore.EventStore;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes events of a Kafka-fed store to its topic, so that every instance feeding from the topic sees them:
 * the only way to "append" to such a store ({@link EventStore#tryAppend} is refused there).
 *
 * <p>Each record goes to the topic partition whose index is the store partition of its key, as the store routes
 * it ({@link EventStore#partitionFor}): store partition i holds exactly topic partition i. The record key is the
 * routing key's {@code toString()} (for compaction and for tools; consumers never re-route by it), its timestamp
 * the event's when the store has a timestamp selector. Without one the record is sent without a timestamp, so the
 * producer sets it to its clock (or the broker to its own, with {@code message.timestamp.type=LogAppendTime}), and
 * that record timestamp becomes the event's timestamp in every store the topic feeds: such a store takes each
 * event's timestamp from its feed ({@link dev.lockfree.eventstore.PartitionFeed#takesTimestamps()}). Events without
 * a key (no key selector) are spread round-robin over the partitions.
 *
 * <p>Thread-safe as the {@link Producer} is. The producer's value serializer encodes {@code T}; the publisher does not
 * own the producer and never closes it.
 *
 * @param <T> the event type
 */
public final class EventStorePublisher<T> {

    private final String topic;
    private final int partitions;
    private final Producer<String, T> producer;
    private final Function<? super T, ?> keySelector;
    private final ToLongFunction<? super T> timestampSelector;
    private final EventStore<T> store;
    private final AtomicInteger roundRobin = new AtomicInteger();

    /**
     * @param store    the store the topic feeds (its partition count, key and timestamp selectors are used)
     * @param topic    the topic; it must have as many partitions as the store ({@link #verify()})
     * @param producer a producer whose value serializer encodes {@code T}
     */
    public EventStorePublisher(EventStore<T> store, String topic, Producer<String, T> producer) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.topic = Objects.requireNonNull(topic, "topic must not be null");
        this.producer = Objects.requireNonNull(producer, "producer must not be null");
        this.partitions = store.partitions();
        this.keySelector = store.options().keySelector();
        this.timestampSelector = store.options().timestampSelector();
    }

    public String topic() {
        return topic;
    }

    /**
     * Checks that the topic exists with as many partitions as the store.
     *
     * @param key the configuration key of the store's partition count, for the message
     * @throws IllegalStateException naming the topic, both counts and the key
     */
    public void verify(String key) {
        TopicCheck.verifyPartitionCount(topic, producer.partitionsFor(topic), partitions, key);
    }

    /** {@link #verify(String)} naming the store's {@code partitions} in the message. */
    public void verify() {
        verify("partitions");
    }

    /**
     * Sends {@code event} to the topic partition of its key (see the class comment).
     *
     * @return completes when the broker acknowledged the record (with its partition and offset), or exceptionally
     * @throws NullPointerException if {@code event} is null or the key selector returns null for it
     */
    public CompletableFuture<PublishResult> publish(T event) {
        Objects.requireNonNull(event, "event must not be null");
        if (keySelector == null) {
            return send(null, Math.floorMod(roundRobin.getAndIncrement(), partitions), event);
        }
        Object key = keySelector.apply(event);
        if (key == null) {
            throw new NullPointerException("keySelector returned null for event " + event);
        }
        return send(key.toString(), store.partitionFor(key), event);
    }

    /**
     * Sends {@code event} under an explicit routing key: the partition is the one {@code tryAppend(key, event)} would
     * choose on a store that takes local appends.
     */
    public CompletableFuture<PublishResult> publish(String key, T event) {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(event, "event must not be null");
        return send(key, store.partitionFor(key), event);
    }

    private CompletableFuture<PublishResult> send(String key, int partition, T event) {
        Long timestamp = timestampSelector == null ? null : timestampSelector.applyAsLong(event);
        CompletableFuture<PublishResult> result = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, partition, timestamp, key, event), (metadata, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(new PublishResult(metadata.topic(), metadata.partition(), metadata.offset(),
                            metadata.timestamp()));
                }
            });
        } catch (RuntimeException e) { // serialization errors, a closed producer...
            result.completeExceptionally(e);
        }
        return result;
    }

    @Override
    public String toString() {
        return "EventStorePublisher[topic=" + topic + ", partitions=" + partitions + "]";
    }
}
