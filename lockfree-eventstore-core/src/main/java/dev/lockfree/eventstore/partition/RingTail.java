package dev.lockfree.eventstore.partition;

/** The claim counter of a {@link PartitionRing}, between two paddings. */
abstract class RingTail extends RingLeftPadding {
    /** Next position to claim. Every claimed position is written exactly once. */
    volatile long tail;
}
