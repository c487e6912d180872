package dev.lockfree.eventstore.partition;

/**
 * Cache-line padding around the claim counter of a {@link PartitionRing}, Disruptor style: HotSpot lays
 * out superclass fields first, so the 7 longs on each side keep {@code tail} on a line of its own.
 * Producers of one partition hammer {@code tail}; without padding, every claim would also invalidate the
 * line holding the ring's read-mostly fields (capacity, arrays, maintenance flag) in every reader's cache.
 */
abstract class RingLeftPadding {
    long p01, p02, p03, p04, p05, p06, p07;
}

abstract class RingTail extends RingLeftPadding {
    /** Next position to claim. Every claimed position is written exactly once. */
    volatile long tail;
}

abstract class RingRightPadding extends RingTail {
    long p11, p12, p13, p14, p15, p16, p17;
}
