package dev.lockfree.eventstore.partition;

/** Padding after {@link RingTail#tail}; see {@link RingLeftPadding}. */
abstract class RingRightPadding extends RingTail {
    long p11, p12, p13, p14, p15, p16, p17;
}
