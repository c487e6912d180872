package dev.lockfree.eventstore.jcstress;

import dev.lockfree.eventstore.stream.EventStreams;
import dev.lockfree.eventstore.stream.StreamRecord;
import dev.lockfree.eventstore.stream.StreamSlice;

/** Helpers of the stream tests: a small single-partition {@link EventStreams}, slices as digits. */
final class Streams {

    /** Result of an append refused with a wrong expected version. */
    static final int WRONG = -1;
    /** Result of anything unexpected (another exception, a wrong current version in the exception). */
    static final int STRANGE = -9;

    private Streams() {
    }

    static EventStreams<String> create() {
        return EventStreams.<String>builder().partitions(1).capacityPerPartition(16).build();
    }

    /** The versions of a slice as digits of {@code version + 1}: [0, 1] is 12, empty is 0; -2 on a torn record. */
    static int digits(StreamSlice<String> slice) {
        int r = 0;
        for (StreamRecord<String> record : slice.events()) {
            if (!record.event().equals("e" + record.version())) {
                return -2; // the record at this version is not the event appended as this version
            }
            r = r * 10 + (int) record.version() + 1;
        }
        return r;
    }

    /** The stream's current version times 10 plus the records of the stream in the backing store. */
    static int state(EventStreams<String> streams, String stream) {
        long stored = streams.store().snapshot(r -> r.stream().equals(stream)).size();
        return (int) (streams.currentVersion(stream) * 10 + stored);
    }
}
