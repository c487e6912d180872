package dev.lockfree.eventstore.boot.actuate.endpoint;

import java.util.List;

/**
 * The {@code kafka} section of {@code GET /actuator/eventstore/{store}} for a store fed by a Kafka topic.
 *
 * @param topic              the topic feeding the store
 * @param mode               {@code shard} or {@code replica}
 * @param group              the consumer group of this instance
 * @param assignedPartitions the partitions this instance holds now
 * @param partitions         one entry per store partition (= topic partition)
 */
public record KafkaDescriptor(String topic, String mode, String group, List<Integer> assignedPartitions,
                              List<KafkaPartitionDescriptor> partitions) {

    public KafkaDescriptor {
        assignedPartitions = List.copyOf(assignedPartitions);
        partitions = List.copyOf(partitions);
    }
}
