package dev.lockfree.eventstore.stream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Builds the log of a stream from the records a store holds for it after a restore. Records may come in
 * any order (two concurrent appends can reach the store in the opposite order of their versions), and a
 * snapshot may miss a version whose record was still on its way to the store while a later one was already
 * there. The stream keeps the longest gap-free run ending at its newest version and continues after it;
 * the keys of all its records are remembered again (within the horizon).
 */
final class RestoredStream {

    private RestoredStream() {
    }

    static <E> StreamLog<E> build(String name, int partition, List<StreamRecord<E>> records,
                                  EventStreamsOptions options, long nowMillis) {
        List<StreamRecord<E>> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingLong(StreamRecord::version)); // stable: of equal versions, the later wins
        long newest = sorted.get(sorted.size() - 1).version();
        List<StreamRecord<E>> run = new ArrayList<>();
        long expected = newest;
        for (int i = sorted.size() - 1; i >= 0; i--) {
            StreamRecord<E> r = sorted.get(i);
            if (r.version() == expected) {
                run.add(r);
                expected--;
            } else if (r.version() < expected) {
                break; // a gap: everything older is not readable
            } // else a second record of a version already taken (only after a restore that collided with
              // earlier appends, which EventStreams warns about): the later one in store order was kept
        }
        Collections.reverse(run);
        StreamLog<E> log = new StreamLog<>(name, partition, run, newest + 1);
        if (options.dedupeKeysPerStream() > 0) {
            for (StreamRecord<E> r : sorted) {
                if (r.idempotencyKey() != null) {
                    log.keys(options).restore(r.idempotencyKey(), r.version(), r.timestamp(), nowMillis);
                }
            }
        }
        return log;
    }
}
