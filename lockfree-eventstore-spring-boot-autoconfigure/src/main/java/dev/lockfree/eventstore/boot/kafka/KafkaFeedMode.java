package dev.lockfree.eventstore.boot.kafka;

/**
 * How the instances of an application share a store's topic ({@code eventstore.stores.<name>.kafka.mode}).
 */
public enum KafkaFeedMode {

    /**
     * The instances form one consumer group and split the topic's partitions: each holds only its own, and
     * a partition moves (final snapshot, release, restore on the new owner) when the group rebalances.
     */
    SHARD,
    /**
     * Every instance reads every partition and answers locally. Each instance joins a consumer group of its
     * own ({@code <group-id>-<random suffix>}), so the rebalance listener, seeks and committed offsets (lag in
     * standard tools) work exactly as in shard mode; the price is one short-lived group per instance start on
     * the broker, which expires with {@code offsets.retention.minutes}.
     */
    REPLICA
}
