package dev.lockfree.eventstore;

/**
 * Counters of one partition. At quiescence {@code count == appended - discarded - removed}, exactly;
 * {@code removed} counts the events taken out by clear and purge.
 */
public record PartitionStatistics(int partition, int capacity, int count, long appended, long discarded,
                                  long rejected, long removed, long lateEvents) {

    public boolean isFull() {
        return count >= capacity;
    }
}
