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
 * G1, copyInto: a reader racing one producer on a full ring. The ring starts full with the events
 * 1..capacity (positions 0..capacity-1); the producer appends the next three, so every append evicts
 * and the reader races wrap-around, eviction and the in-flight slot. Event {@code v} sits at position
 * {@code v - 1}, so a valid copy is a contiguous run of 1, 2, 3... at most {@code capacity} long.
 * The result is the copy's digits: {@code 23} is [2, 3], {@code 0} the empty copy, -1 a null.
 */
public class ReaderVsProducerTest {

    private ReaderVsProducerTest() {
    }

    @JCStressTest
    @Description("copyInto vs one producer, capacity 1: never null, never stale, a single event.")
    @Outcome(id = "0", expect = ACCEPTABLE, desc = "empty: the only position was in flight")
    @Outcome(id = {"1", "2", "3", "4"}, expect = ACCEPTABLE, desc = "one event, published")
    @Outcome(id = "-1", expect = FORBIDDEN, desc = "null: an unwritten slot was read")
    @Outcome(expect = FORBIDDEN, desc = "torn read: duplicate, out of order, not contiguous or stale")
    @State
    public static class Cap1 {
        final PartitionRing<Long> ring = Rings.seeded(1, 1, null);

        @Actor
        public void producer() {
            ring.offer(2L);
            ring.offer(3L);
            ring.offer(4L);
        }

        @Actor
        public void reader(I_Result r) {
            r.r1 = Rings.digits(Rings.copy(ring));
        }
    }

    @JCStressTest
    @Description("copyInto vs one producer, capacity 2: a contiguous run of 1..5 in order.")
    @Outcome(id = "0", expect = ACCEPTABLE, desc = "empty: evicted under the reader or in flight")
    @Outcome(id = {"1", "2", "3", "4", "5"}, expect = ACCEPTABLE, desc = "one event")
    @Outcome(id = {"12", "23", "34", "45"}, expect = ACCEPTABLE, desc = "two consecutive events, in order")
    @Outcome(id = "-1", expect = FORBIDDEN, desc = "null: an unwritten slot was read")
    @Outcome(expect = FORBIDDEN, desc = "torn read: duplicate, out of order, not contiguous or stale")
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
        public void reader(I_Result r) {
            r.r1 = Rings.digits(Rings.copy(ring));
        }
    }

    @JCStressTest
    @Description("copyInto vs one producer, capacity 3: a contiguous run of 1..6 in order.")
    @Outcome(id = "0", expect = ACCEPTABLE, desc = "empty: evicted under the reader or in flight")
    @Outcome(id = {"1", "2", "3", "4", "5", "6"}, expect = ACCEPTABLE, desc = "one event")
    @Outcome(id = {"12", "23", "34", "45", "56"}, expect = ACCEPTABLE, desc = "two consecutive events, in order")
    @Outcome(id = {"123", "234", "345", "456"}, expect = ACCEPTABLE, desc = "three consecutive events, in order")
    @Outcome(id = "-1", expect = FORBIDDEN, desc = "null: an unwritten slot was read")
    @Outcome(expect = FORBIDDEN, desc = "torn read: duplicate, out of order, not contiguous or stale")
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
        public void reader(I_Result r) {
            r.r1 = Rings.digits(Rings.copy(ring));
        }
    }
}
