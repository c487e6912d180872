package dev.lockfree.eventstore;

/** What an append does when its partition already holds {@code capacityPerPartition} events. */
public enum OverflowPolicy {
    /** Evict the partition's oldest event to make room (the C# seed's only behaviour; the default). */
    EVICT_OLDEST,
    /** Keep what is stored: {@code tryAppend} returns {@code false} and the rejection is counted. */
    REJECT
}
