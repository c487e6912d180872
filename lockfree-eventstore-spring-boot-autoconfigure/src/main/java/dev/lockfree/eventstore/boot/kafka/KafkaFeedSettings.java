package dev.lockfree.eventstore.boot.kafka;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What feeds one store on this instance, resolved from {@code eventstore.stores.<name>.kafka.*}.
 *
 * @param store           the store's name
 * @param topic           the topic feeding it
 * @param mode            shard or replica
 * @param groupId         the consumer group this instance joins (in replica mode already unique to the instance)
 * @param replay          where a partition without a local snapshot starts
 * @param deadLetterTopic where skipped records go, or {@code null}
 * @param partitionsKey   the configuration key of the store's partition count, named in start-up errors
 * @param healthDownAfter how long without contact with the group coordinator makes the store's Kafka health DOWN
 * @param consume         whether this instance consumes the topic; false: it only publishes (joins no group)
 */
public record KafkaFeedSettings(String store, String topic, KafkaFeedMode mode, String groupId, KafkaReplay replay,
                                @Nullable String deadLetterTopic, String partitionsKey, Duration healthDownAfter,
                                boolean consume) {

    public KafkaFeedSettings {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(replay, "replay");
        Objects.requireNonNull(partitionsKey, "partitionsKey");
        Objects.requireNonNull(healthDownAfter, "healthDownAfter");
    }
}
