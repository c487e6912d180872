package dev.lockfree.eventstore.partition;

/**
 * Cache-line padding before the claim counter of a {@link PartitionRing}, Disruptor style: HotSpot lays
 * out superclass fields first, so 7 longs on each side keep {@code tail} on a line of its own. Producers
 * of one partition hammer {@code tail}; without padding, every claim would also invalidate the line
 * holding the ring's read-mostly fields (capacity, arrays, maintenance flag) in every other core.
 */
abstract class RingLeftPadding {
    long p01, p02, p03, p04, p05, p06, p07;
}
