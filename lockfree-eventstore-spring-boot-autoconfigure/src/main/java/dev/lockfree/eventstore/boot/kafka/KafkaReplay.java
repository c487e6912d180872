package dev.lockfree.eventstore.boot.kafka;

/**
 * Where a newly assigned partition without a local snapshot starts ({@code eventstore.stores.<name>.kafka.replay}),
 * as the binding's {@code dev.lockfree.eventstore.kafka.Replay} of the same name. Its own type so that the
 * properties bind, and report a bad value, without the Kafka binding on the classpath.
 */
public enum KafkaReplay {

    /** Now minus the store's window size: the time windows are complete once the partition caught up. */
    WINDOW,
    /** The beginning of the topic partition (what the broker still retains). */
    EARLIEST,
    /** The end: only records published from now on. */
    LATEST
}
