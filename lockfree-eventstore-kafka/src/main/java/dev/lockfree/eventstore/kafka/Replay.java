package dev.lockfree.eventstore.kafka;

/** Where a newly assigned partition without a usable local snapshot starts reading its topic partition. */
public enum Replay {

    /**
     * At the first record at or after now minus the store's window size ({@code offsetsForTimes}), so the time
     * windows are complete as soon as the partition caught up; at the end when there is no such record.
     */
    WINDOW,
    /** At the beginning of the topic partition (what the broker still retains). */
    EARLIEST,
    /** At the end: only records published from now on. */
    LATEST
}
