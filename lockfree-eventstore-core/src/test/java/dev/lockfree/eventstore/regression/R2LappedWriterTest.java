package dev.lockfree.eventstore.regression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.stress.ConcurrentRun;
import dev.lockfree.eventstore.stress.Ids;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seed race R2 (docs/seed-parity.md#r2): in the C# seed a writer that stalled between reserving position p and writing
 * it could, after others lapped it, write its older event over the newer event at p + C: that newer event was lost
 * although counted as appended, and the slot held an event older than its neighbours. Here: capacities 1 and 2, six
 * producers: nothing is lost (each event is retained or reported discarded, exactly once), no copy puts a producer's
 * events out of order, and when an event is retained every later event of the same producer is retained too.
 */
class R2LappedWriterTest {

    private static final int PRODUCERS = 6;
    private static final int OPS = 20_000;

    @ParameterizedTest(name = "capacity={0}")
    @ValueSource(ints = {1, 2})
    void r2_aLappedWriterNeverOverwritesANewerEvent(int capacity) {
        Set<Long> discarded = ConcurrentHashMap.newKeySet();
        List<Long> discardedTwice = new java.util.concurrent.CopyOnWriteArrayList<>();
        EventStore<Long> store = EventStore.<Long>builder().withPartitions(1).withCapacityPerPartition(capacity)
                .onDiscarded(e -> {
                    if (!discarded.add(e)) {
                        discardedTwice.add(e);
                    }
                }).create();
        AtomicLongArray started = new AtomicLongArray(PRODUCERS);
        int[] counts = new int[PRODUCERS];
        for (int pr = 0; pr < PRODUCERS; pr++) {
            started.set(pr, -1);
        }
        ConcurrentRun run = new ConcurrentRun("R2", Duration.ofMillis(800));
        for (int producer = 0; producer < PRODUCERS; producer++) {
            final int pr = producer;
            run.producer(() -> {
                int s = 0;
                while (s < OPS && !run.timeUp()) {
                    started.set(pr, s);
                    store.tryAppend(Ids.id(pr, 0, s), 0);
                    s++;
                }
                counts[pr] = s;
            });
        }
        run.helper(() -> {
            List<Long> copy = store.copyPartition(0);
            if (copy.size() > capacity) {
                throw new AssertionError("copy larger than capacity: " + copy);
            }
            Ids.assertNoNullNoDuplicate(copy, "copyPartition");
            long[] last = new long[PRODUCERS];
            java.util.Arrays.fill(last, -1);
            for (Long e : copy) {
                int pr = Ids.producer(e);
                if (Ids.seq(e) <= last[pr] || Ids.seq(e) > started.get(pr)) {
                    throw new AssertionError("producer order broken or event never appended: " + copy);
                }
                last[pr] = Ids.seq(e);
            }
        });
        run.execute();

        assertThat(discardedTwice).isEmpty();
        List<Long> retained = store.copyPartition(0);
        long appended = 0;
        List<String> lost = new ArrayList<>();
        Set<Long> retainedSet = new HashSet<>(retained);
        for (int pr = 0; pr < PRODUCERS; pr++) {
            appended += counts[pr];
            for (int s = 0; s < counts[pr]; s++) {
                long id = Ids.id(pr, 0, s);
                boolean r = retainedSet.contains(id);
                if (r == discarded.contains(id) && lost.size() < 10) {
                    lost.add(Ids.show(id) + (r ? " retained and discarded" : " neither retained nor discarded"));
                }
            }
        }
        assertThat(lost).isEmpty();
        assertThat(store.statistics().totalAppended()).isEqualTo(appended);
        assertThat(retained).hasSize((int) Math.min(capacity, appended));
        // A producer's later events take later positions: if one of its events is retained, so are all
        // its later ones (an overwritten newer event would break this).
        for (Long e : retained) {
            int pr = Ids.producer(e);
            for (long s = Ids.seq(e) + 1; s < counts[pr]; s++) {
                assertThat(retainedSet).as("newer event of the same producer than retained %s", Ids.show(e))
                        .contains(Ids.id(pr, 0, s));
            }
        }
    }
}
