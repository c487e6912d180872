package dev.lockfree.eventstore.snapshot;

import java.time.Duration;

/** What {@link Snapshotter#restore()} put back. */
public record RestoreResult(int partitionsRestored, long eventsRestored, Duration duration) {
}
