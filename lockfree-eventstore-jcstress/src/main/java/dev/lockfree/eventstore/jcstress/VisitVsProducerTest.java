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
 * G1, visit: a visitor racing one producer on a full ring of capacity 3 (events 1..3, then 4, 5, 6
 * appended). visit is weakly consistent: it may skip a slot that is in flight or evicted under it, so
 * it need not be contiguous. It must still never see null or an unpublished or stale event, never the
 * same event twice, and only events in increasing position order taken from one window of
 * {@code capacity} positions (it reads positions [tail - 3, tail)).
 */
@JCStressTest
@Description("visit vs one producer, capacity 3: published events only, each once, increasing.")
@Outcome(id = "0", expect = ACCEPTABLE, desc = "nothing visited")
@Outcome(id = {"1", "2", "3", "4", "5", "6"}, expect = ACCEPTABLE, desc = "one event")
@Outcome(id = {"12", "23", "34", "45", "56"}, expect = ACCEPTABLE, desc = "two consecutive events")
@Outcome(id = {"13", "24", "35", "46"}, expect = ACCEPTABLE,
        desc = "two events of one window, the middle one skipped (evicted or in flight)")
@Outcome(id = {"123", "234", "345", "456"}, expect = ACCEPTABLE, desc = "a whole window")
@Outcome(id = "-1", expect = FORBIDDEN, desc = "null: an unwritten slot was visited")
@Outcome(expect = FORBIDDEN, desc = "torn read: duplicate, out of order, or events of different windows")
@State
public class VisitVsProducerTest {

    final PartitionRing<Long> ring = Rings.seeded(3, 3, null);

    @Actor
    public void producer() {
        ring.offer(4L);
        ring.offer(5L);
        ring.offer(6L);
    }

    @Actor
    public void visitor(I_Result r) {
        r.r1 = Rings.digits(Rings.visit(ring));
    }
}
