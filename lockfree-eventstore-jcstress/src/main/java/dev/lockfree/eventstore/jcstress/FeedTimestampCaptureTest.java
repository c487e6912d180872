package dev.lockfree.eventstore.jcstress;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.PartitionFeed;
import dev.lockfree.eventstore.StoreInternals;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A snapshot capture of a store that takes its timestamps from its feed, racing the feed on a full partition of
 * capacity 2 (so its timestamp ring has 2 slots and the feed laps it at once): each captured event must come with
 * its own sequence's timestamp (event {@code v} is fed with timestamp {@code 100 * v}), and only the oldest events
 * may lack one. The result is the digits of the events that kept a timestamp.
 */
public class FeedTimestampCaptureTest {

    private FeedTimestampCaptureTest() {
    }

    static final int WRONG_TIMESTAMP = -1;
    static final int GAP = -2;

    @JCStressTest
    @Description("capture vs the feed, capacity 2: every timestamp kept is its event's, missing ones only oldest.")
    @Outcome(id = "0", expect = ACCEPTABLE, desc = "none kept: evicted, in flight, or timestamps lapped")
    @Outcome(id = {"1", "2", "3", "4", "5"}, expect = ACCEPTABLE, desc = "one event with its timestamp")
    @Outcome(id = {"12", "23", "34", "45"}, expect = ACCEPTABLE, desc = "two consecutive events with theirs")
    @Outcome(expect = FORBIDDEN, desc = "an event paired with another sequence's timestamp, or a gap")
    @State
    public static class Cap2 {
        final EventStore<Long> store = EventStore.<Long>builder().withPartitions(1).withCapacityPerPartition(2)
                .withValueSelector(v -> v).withExternalFeed("s", "p").create();
        final PartitionFeed<Long> feed = store.claimFeed();
        final StoreInternals<Long> internals = StoreInternals.of(store);

        public Cap2() {
            feed.append(0, 1L, 1, 100);
            feed.append(0, 2L, 2, 200);
        }

        @Actor
        public void feeder() {
            feed.append(0, 3L, 3, 300);
            feed.append(0, 4L, 4, 400);
            feed.append(0, 5L, 5, 500);
        }

        @Actor
        public void capturer(I_Result r) {
            StoreInternals.Capture<Long> c = internals.capture(0);
            List<Long> kept = new ArrayList<>();
            for (int i = 0; i < c.events().size(); i++) {
                long timestamp = c.timestamps()[i];
                if (i < c.missingTimestamps()) {
                    if (timestamp != -1) {
                        r.r1 = GAP;
                        return;
                    }
                    continue;
                }
                if (timestamp != 100 * c.events().get(i)) {
                    r.r1 = WRONG_TIMESTAMP;
                    return;
                }
                kept.add(c.events().get(i));
            }
            r.r1 = Rings.digits(kept);
        }
    }
}
