package dev.lockfree.eventstore.jcstress;

import dev.lockfree.eventstore.Appender;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import java.time.Duration;
import java.time.Instant;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A windowed store's owner fast path (the thread's cached appender, which reads no epoch before its claim and
 * checks after it that the epoch it cached is still current) racing a clear: an event counts in the window if and
 * only if the clear did not remove it. The producer appends twice, the first append caching the epoch, the second
 * using it. Results: r1 = events retained, r2 = the window's count over both events' bucket.
 */
public class StoreWindowVsClearTest {

    private StoreWindowVsClearTest() {
    }

    static EventStore<MetricEvent> store() {
        return MetricEvent.storeBuilder().withPartitions(1).withCapacityPerPartition(16)
                .withWindow(Duration.ofSeconds(4), Duration.ofSeconds(1)).create();
    }

    static void verdict(EventStore<MetricEvent> store, II_Result r) {
        r.r1 = (int) store.count();
        r.r2 = (int) store.windowAggregate(Instant.ofEpochMilli(0), Instant.ofEpochMilli(1_000)).count();
    }

    @JCStressTest
    @Description("tryAppend (the per-thread cached appender) twice vs clear.")
    @Outcome(id = {"0, 0", "1, 1", "2, 2"}, expect = ACCEPTABLE, desc = "the window counts exactly the retained events")
    @Outcome(expect = FORBIDDEN, desc = "a removed event still counted, or a retained one not counted")
    @State
    public static class TryAppend {
        final EventStore<MetricEvent> store = store();

        @Actor
        public void producer() {
            store.tryAppend(new MetricEvent("m", 1, 500));
            store.tryAppend(new MetricEvent("m", 2, 600));
        }

        @Actor
        public void clearer() {
            store.clear();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            verdict(store, r);
        }
    }

    @JCStressTest
    @Description("An appender created on the producer thread, twice vs clear.")
    @Outcome(id = {"0, 0", "1, 1", "2, 2"}, expect = ACCEPTABLE, desc = "the window counts exactly the retained events")
    @Outcome(expect = FORBIDDEN, desc = "a removed event still counted, or a retained one not counted")
    @State
    public static class AppenderAppend {
        final EventStore<MetricEvent> store = store();

        @Actor
        public void producer() {
            Appender<MetricEvent> appender = store.appender();
            appender.tryAppend(new MetricEvent("m", 1, 500));
            appender.tryAppend(new MetricEvent("m", 2, 600));
        }

        @Actor
        public void clearer() {
            store.clear();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            verdict(store, r);
        }
    }
}
