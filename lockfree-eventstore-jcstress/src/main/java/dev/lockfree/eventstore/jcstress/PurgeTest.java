package dev.lockfree.eventstore.jcstress;

import dev.lockfree.eventstore.partition.PartitionRing;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.I_Result;

import java.util.List;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A purge ({@code removeIf} of some events) on a capacity-2 ring holding [1, 2] removes the newer
 * event 2. The ring may then compact (move 1 up into 2's position so that the freed slot is the oldest)
 * or leave a hole; either is fine. What is not: a purged event visible after the purge returned, a
 * retained event missed, seen twice or out of order while it moves, or an event both retained and
 * passed to the discard callback.
 */
public class PurgeTest {

    private PurgeTest() {
    }

    /**
     * Purge of 2 racing the append of 3. 3 goes to the slot of 1: it either evicts 1 (discard callback,
     * final [3]) or, if 1 moved up first, fills the freed slot (final [1, 3]). Results: r1 = digits of the
     * copy taken after the purge returned, r2 = final contents, r3 = removeIf's count, r4 = verdict (0 fine;
     * 1 purged event 2 visible after the purge; 2 null or unknown event; 3 final contents not [3] or
     * [1, 3]; 4 the copy after the purge is not an in-order run of [1, 3]; 5 appended - discarded -
     * removed != size or size != final contents; 6 removed() != 1; 7 discard callbacks do not account
     * for each event exactly once: 1 is discarded once if and only if it is gone, 2 and 3 never).
     */
    @JCStressTest
    @Description("purge (removeIf e == 2) vs append of 3, capacity 2 holding [1, 2].")
    @Outcome(id = {"(0|1|3|13), (3|13), 1, 0"}, expect = ACCEPTABLE,
            desc = "2 purged; 1 evicted by 3 (final [3]) or kept before it (final [1, 3]); counters exact")
    @Outcome(id = ".*, 1", expect = FORBIDDEN, desc = "the purged event is visible after the purge returned")
    @Outcome(id = ".*, 5", expect = FORBIDDEN, desc = "appended - discarded - removed != size")
    @Outcome(id = ".*, 7", expect = FORBIDDEN, desc = "an event both retained and discarded, or discarded twice")
    @Outcome(expect = FORBIDDEN, desc = "torn or lost append, order broken, or inconsistent counters")
    @State
    public static class VsAppend {
        final Rings.DiscardLog discards = new Rings.DiscardLog();
        final PartitionRing<Long> ring = Rings.seeded(2, 2, discards);
        long removed = -1;
        List<Long> afterPurge;

        @Actor
        public void producer() {
            ring.offer(3L);
        }

        @Actor
        public void purger() {
            removed = ring.removeIf(e -> e == 2L);
            afterPurge = Rings.copy(ring);
        }

        @Arbiter
        public void check(IIII_Result r) {
            List<Long> last = Rings.copy(ring);
            r.r1 = Rings.digits(afterPurge);
            r.r2 = Rings.digits(last);
            r.r3 = (int) removed;
            r.r4 = verdict(last);
        }

        private int verdict(List<Long> last) {
            if (afterPurge.contains(2L) || last.contains(2L)) {
                return 1;
            }
            if (Rings.digits(afterPurge) < 0 || Rings.digits(last) < 0) {
                return 2;
            }
            if (!last.equals(List.of(3L)) && !last.equals(List.of(1L, 3L))) {
                return 3;
            }
            if (Rings.checkRun(afterPurge, List.of(1L, 3L), 2, 0) != Rings.OK) {
                return 4;
            }
            if (!Rings.countersConsistent(ring, 3, last.size())) {
                return 5;
            }
            if (ring.removed() != 1 || removed != 1) {
                return 6;
            }
            if (discards.count(1) != (last.contains(1L) ? 0 : 1) || discards.count(2) != 0 || discards.count(3) != 0
                    || discards.total() != ring.discarded()) {
                return 7;
            }
            return 0;
        }
    }

    /**
     * Purge of 2 racing a copy, no producer: event 1 is retained throughout (possibly moving from
     * position 0 to position 1), so every copy holds it exactly once: [1, 2] before the removal, [1]
     * after. Result: the copy's digits.
     */
    @JCStressTest
    @Description("purge (removeIf e == 2) vs copyInto, capacity 2 holding [1, 2], no producer.")
    @Outcome(id = "12", expect = ACCEPTABLE, desc = "copied before the removal")
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "copied after the removal (1 moved or not)")
    @Outcome(id = {"0", "2"}, expect = FORBIDDEN, desc = "the retained event 1 was missed (moving under the reader)")
    @Outcome(id = "11", expect = FORBIDDEN, desc = "the retained event 1 was seen twice (before and after its move)")
    @Outcome(expect = FORBIDDEN, desc = "null, out of order or unknown event")
    @State
    public static class VsReader {
        final PartitionRing<Long> ring = Rings.seeded(2, 2, null);

        @Actor
        public void purger() {
            ring.removeIf(e -> e == 2L);
        }

        @Actor
        public void reader(I_Result r) {
            r.r1 = Rings.digits(Rings.copy(ring));
        }
    }
}
