package dev.lockfree.eventstore.jcstress;

import dev.lockfree.eventstore.partition.CallbackFailures;
import dev.lockfree.eventstore.partition.PartitionRing;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZI_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The reject policy refuses only when the partition is full. A ring of capacity 3 holding one event has room
 * for both racing producers: each must be accepted, whichever claims first. (A producer that judged fullness by
 * the slot of a tail another producer had just taken rejected with room left; found by R9ExactCountsTest.)
 */
@JCStressTest
@Description("reject policy, capacity 3 holding 1 event, two producers: both accepted, 3 events stored")
@Outcome(id = "true, true, 3", expect = ACCEPTABLE, desc = "both accepted")
@Outcome(expect = FORBIDDEN, desc = "a producer was rejected although the ring had room, or a count is wrong")
@State
public class RejectWhenRoomTest {

    final PartitionRing<Long> ring = new PartitionRing<>(3, true, null, null, new CallbackFailures());

    public RejectWhenRoomTest() {
        ring.offer(1L);
    }

    @Actor
    public void producer1(ZZI_Result r) {
        r.r1 = ring.offer(2L);
    }

    @Actor
    public void producer2(ZZI_Result r) {
        r.r2 = ring.offer(3L);
    }

    @Arbiter
    public void arbiter(ZZI_Result r) {
        r.r3 = Rings.copy(ring).size();
    }
}
