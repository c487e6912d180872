package dev.lockfree.eventstore.kafka;

import java.util.List;
import org.apache.kafka.common.PartitionInfo;

/** The start-up check of a Kafka-fed store in shard mode: store partition i is fed by topic partition i. */
public final class TopicCheck {

    private TopicCheck() {
    }

    /**
     * @param topicPartitions what {@code partitionsFor(topic)} returned ({@code null} or empty: no such topic)
     * @param storePartitions the store's partition count
     * @param key             the configuration key of the store's partition count, for the message (e.g.
     *                        {@code eventstore.stores.orders.partitions})
     * @throws IllegalStateException naming the topic, both counts and the key when they differ or the topic is missing
     */
    public static void verifyPartitionCount(String topic, List<PartitionInfo> topicPartitions, int storePartitions,
                                            String key) {
        if (topicPartitions == null || topicPartitions.isEmpty()) {
            throw missingTopic(topic, storePartitions, key);
        }
        verifyPartitionCount(topic, topicPartitions.size(), storePartitions, key);
    }

    /** The start-up failure for a topic that does not exist, naming it, the store's count and its key. */
    public static IllegalStateException missingTopic(String topic, int storePartitions, String key) {
        return new IllegalStateException("Topic '" + topic + "' does not exist (or has no partitions); the store ("
                + key + "=" + storePartitions + ") needs it with " + storePartitions + " partitions");
    }

    /** {@link #verifyPartitionCount(String, List, int, String)} on a known count. */
    public static void verifyPartitionCount(String topic, int topicPartitions, int storePartitions, String key) {
        if (topicPartitions != storePartitions) {
            throw new IllegalStateException("Topic '" + topic + "' has " + topicPartitions + " partitions but the store "
                    + "has " + storePartitions + " (" + key + "=" + storePartitions + "): store partition i is fed by "
                    + "topic partition i, so both counts must be equal. Set " + key + " to " + topicPartitions
                    + " or give the topic " + storePartitions + " partitions");
        }
    }
}
