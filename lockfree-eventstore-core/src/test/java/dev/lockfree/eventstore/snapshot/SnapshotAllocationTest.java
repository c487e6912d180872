package dev.lockfree.eventstore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.codec.EventCodecs;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: writing a snapshot allocates a constant amount per partition, not per event (the codec writes into
 * buffers kept from one save to the next), and restoring allocates the events and little else (the file is
 * streamed, never held). Measured with the thread's allocation counter; JMH's {@code SnapshotBenchmark -prof gc}
 * reports the same for a million events.
 */
class SnapshotAllocationTest {

    private static final int EVENTS = 200_000;
    /** What {@code Event(int, double, long)} costs on the heap (12-16 byte header, 20 bytes of fields, padding). */
    private static final long EVENT_BYTES = 32;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void aSaveAllocatesTheSameForFewAndManyEventsAndARestoreLittleBeyondTheEvents(@TempDir Path root)
            throws IOException {
        assumeThat(threads.isThreadAllocatedMemorySupported()).as("per-thread allocation counter").isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        FileSystemSnapshotStore store = new FileSystemSnapshotStore(root);
        List<Event> events = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            events.add(new Event(i & 1023, i, 1_700_000_000_000L + i));
        }
        for (boolean compress : new boolean[] {false, true}) {
            long small = 0;
            long large = 0;
            for (int round = 0; round < 3; round++) { // the first rounds grow the buffers and warm up
                long sequence = 1_000_000L * (round + 1) + (compress ? 500_000 : 0);
                PartitionSnapshot<Event> few = snapshot(sequence, events.subList(0, 10));
                PartitionSnapshot<Event> many = snapshot(sequence + 1, events);
                small = allocatedBy(() -> store.save(few, EventCodecs.event(), compress));
                large = allocatedBy(() -> store.save(many, EventCodecs.event(), compress));
            }
            // before issue 16: ~139 bytes per event (a growing copy chain, a final copy, the whole file re-read)
            assertThat(large).as("bytes allocated saving %d events (compress=%s) vs 10 events (%d)", EVENTS, compress,
                    small).isLessThan(small + 64 * 1024);
        }
        long[] restored = new long[1];
        long restore = allocatedBy(() -> {
            Optional<PartitionSnapshot<Event>> latest = store.loadLatest("alloc", 0, EventCodecs.event(),
                    OptionalInt.empty());
            restored[0] = latest.orElseThrow().eventCount();
        });
        assertThat(restored[0]).isEqualTo(EVENTS);
        long floor = EVENTS * (EVENT_BYTES + 4); // the events and a reference to each (compressed oops)
        // before issue 16: ~105 bytes per event (the file read whole, its payload copied, a growing list, a copy)
        assertThat(restore).as("bytes allocated restoring %d events, floor %d", EVENTS, floor)
                .isLessThan(floor + EVENTS * 8L + 512 * 1024);
    }

    private static PartitionSnapshot<Event> snapshot(long lastSequence, List<Event> events) {
        return new PartitionSnapshot<>("alloc", 0, lastSequence - events.size() + 1, lastSequence, 0,
                Instant.ofEpochMilli(1_700_000_000_000L + lastSequence), 1, events);
    }

    private interface Action {
        void run() throws IOException;
    }

    private long allocatedBy(Action action) throws IOException {
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        action.run();
        return threads.getThreadAllocatedBytes(thread) - before;
    }
}
