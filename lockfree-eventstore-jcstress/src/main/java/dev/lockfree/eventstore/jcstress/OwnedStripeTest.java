package dev.lockfree.eventstore.jcstress;

import dev.lockfree.eventstore.window.BucketWindow;
import dev.lockfree.eventstore.window.WindowAccumulator;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The owned-stripe path of {@link BucketWindow#recordOwned}: one writer, no CAS, a plain seqlock (odd version,
 * values, even version by release), and purges that post drop requests instead of writing the stripe. Buckets are
 * 1 s wide; a bucket is reported as {@code count * 10 + sum} (values 1 and 2, so every mix is distinct).
 */
public class OwnedStripeTest {

    private OwnedStripeTest() {
    }

    static BucketWindow window() {
        return new BucketWindow(1_000, 4, 1, 1);
    }

    /** count * 10 + sum of periods [0, 1]. */
    static int read(BucketWindow window) {
        WindowAccumulator into = new WindowAccumulator();
        window.aggregate(0, 1, into);
        return (int) (into.count() * 10 + into.sum());
    }

    @JCStressTest
    @Description("A reader racing the owner's two records (the first takes the slow path, the second the cached "
            + "newest period): never a torn bucket.")
    @Outcome(id = "0", expect = ACCEPTABLE, desc = "before both records")
    @Outcome(id = "11", expect = ACCEPTABLE, desc = "after the first")
    @Outcome(id = "23", expect = ACCEPTABLE, desc = "after both")
    @Outcome(expect = FORBIDDEN, desc = "torn: a count without its sum, or the reverse")
    @State
    public static class OwnerVsReader {
        final BucketWindow window = window();

        @Actor
        public void owner() {
            window.recordOwned(500, 1.0, 0);
            window.recordOwned(600, 2.0, 0);
        }

        @Actor
        public void reader(I_Result r) {
            r.r1 = read(window);
        }
    }

    @JCStressTest
    @Description("A purge drops period 0 while the owner records into period 1: the drop is never lost and the "
            + "new event never dropped.")
    @Outcome(id = "12", expect = ACCEPTABLE, desc = "the period-1 event alone")
    @Outcome(expect = FORBIDDEN, desc = "a lost drop (23) or a dropped new event (0)")
    @State
    public static class DropVsOwner {
        final BucketWindow window = window();

        {
            window.recordOwned(500, 1.0, 0); // the owner's first event, period 0 (the state is published to the actors)
        }

        @Actor
        public void owner() {
            window.recordOwned(1_500, 2.0, 0);
        }

        @Actor
        public void purge() {
            window.dropOlderThan(1_000);
        }

        @Arbiter
        public void end(I_Result r) {
            r.r1 = read(window);
        }
    }

    @JCStressTest
    @Description("A reader racing a purge of period 0 on an owned stripe (the drop is pending: readers apply it "
            + "themselves): before or after, never half of it.")
    @Outcome(id = "23", expect = ACCEPTABLE, desc = "before the drop")
    @Outcome(id = "12", expect = ACCEPTABLE, desc = "after the drop")
    @Outcome(expect = FORBIDDEN, desc = "a torn read or a drop seen partly")
    @State
    public static class DropVsReader {
        final BucketWindow window = window();

        {
            window.recordOwned(500, 1.0, 0);
            window.recordOwned(1_500, 2.0, 0);
        }

        @Actor
        public void purge() {
            window.dropOlderThan(1_000);
        }

        @Actor
        public void reader(I_Result r) {
            r.r1 = read(window);
        }
    }

    @JCStressTest
    @Description("The owner records into the very period a purge drops: the event goes with the bucket (it raced "
            + "the purge) or lands in a bucket the drop already emptied; the old event never survives.")
    @Outcome(id = "0", expect = ACCEPTABLE, desc = "dropped together with the old event")
    @Outcome(id = "12", expect = ACCEPTABLE, desc = "recorded after the owner carried the drop out")
    @Outcome(expect = FORBIDDEN, desc = "the drop lost (23) or only the new event lost (11)")
    @State
    public static class DropVsOwnerSamePeriod {
        final BucketWindow window = window();

        {
            window.recordOwned(500, 1.0, 0);
        }

        @Actor
        public void owner() {
            window.recordOwned(700, 2.0, 0);
        }

        @Actor
        public void purge() {
            window.dropOlderThan(1_000);
        }

        @Arbiter
        public void end(I_Result r) {
            r.r1 = read(window);
        }
    }
}
