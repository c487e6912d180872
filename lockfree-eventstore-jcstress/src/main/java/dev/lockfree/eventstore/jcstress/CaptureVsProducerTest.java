package dev.lockfree.eventstore.jcstress;

import dev.lockfree.eventstore.partition.PartitionRing;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * G1 for the bulk capture ({@code capture()}: stamps checked, events copied with one arraycopy per ring segment,
 * tail read again to drop the slots claimed since) racing one producer on a full ring, as
 * {@link ReaderVsProducerTest} does for copyInto. Event
 * {@code v} sits at position {@code v - 1}; the result is the capture's digits, and the capture's sequence range
 * must match its events (else -3).
 */
public class CaptureVsProducerTest {

    private CaptureVsProducerTest() {
    }

    static final int RANGE_MISMATCH = -3;

    static int capture(PartitionRing<Long> ring) {
        PartitionRing.Capture<Long> c = ring.capture();
        if (!c.events().isEmpty()
                && (c.events().get(0) != c.firstSequence() + 1 || c.lastSequence() - c.firstSequence() + 1 != c.events().size())) {
            return RANGE_MISMATCH;
        }
        return Rings.digits(c.events());
    }

    @JCStressTest
    @Description("capture vs one producer, capacity 2: a contiguous run of 1..5 in order, its range right.")
    @Outcome(id = "0", expect = ACCEPTABLE, desc = "empty: evicted under the capture or in flight")
    @Outcome(id = {"1", "2", "3", "4", "5"}, expect = ACCEPTABLE, desc = "one event")
    @Outcome(id = {"12", "23", "34", "45"}, expect = ACCEPTABLE, desc = "two consecutive events, in order")
    @Outcome(expect = FORBIDDEN, desc = "null, torn, stale, not contiguous, or a wrong sequence range")
    @State
    public static class Cap2 {
        final PartitionRing<Long> ring = Rings.seeded(2, 2, null);

        @Actor
        public void producer() {
            ring.offer(3L);
            ring.offer(4L);
            ring.offer(5L);
        }

        @Actor
        public void capturer(I_Result r) {
            r.r1 = capture(ring);
        }
    }

    @JCStressTest
    @Description("capture vs one producer, capacity 3: a contiguous run of 1..6 in order, its range right.")
    @Outcome(id = "0", expect = ACCEPTABLE, desc = "empty: evicted under the capture or in flight")
    @Outcome(id = {"1", "2", "3", "4", "5", "6"}, expect = ACCEPTABLE, desc = "one event")
    @Outcome(id = {"12", "23", "34", "45", "56"}, expect = ACCEPTABLE, desc = "two consecutive events, in order")
    @Outcome(id = {"123", "234", "345", "456"}, expect = ACCEPTABLE, desc = "three consecutive events, in order")
    @Outcome(expect = FORBIDDEN, desc = "null, torn, stale, not contiguous, or a wrong sequence range")
    @State
    public static class Cap3 {
        final PartitionRing<Long> ring = Rings.seeded(3, 3, null);

        @Actor
        public void producer() {
            ring.offer(4L);
            ring.offer(5L);
            ring.offer(6L);
        }

        @Actor
        public void capturer(I_Result r) {
            r.r1 = capture(ring);
        }
    }
}
