package dev.lockfree.eventstore.regression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreStatistics;
import dev.lockfree.eventstore.WindowAggregate;
import dev.lockfree.eventstore.stress.ConcurrentRun;
import dev.lockfree.eventstore.stress.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * Seed race R12 (docs/seed-parity.md#r12): the C# seed's store-level operations were unsynchronised multi-step
 * sequences: Purge collected, cleared and re-added (losing appends made meanwhile and moving events to other
 * partitions), Clear went partition by partition, and window updates raced everything. Here purge and clear run against
 * producers: purge never loses a concurrent append of a kept event and never moves an event to another partition, clear
 * never lets a completed append survive it, an append racing a clear keeps or loses its bucket contribution together
 * with its event, and the buckets end consistent.
 */
class R12StoreLevelMaintenanceTest {

    private static final int PRODUCERS = 4;
    private static final int PARTITIONS = 4;
    private static final long BASE = 1_700_000_000_000L;
    private static final long CUTOFF = BASE + 1_000;

    /** Events of the fill phase are old (before the cutoff), events appended during the race are new. */
    record Reading(long id, long timestamp) {
    }

    @Test
    void r12_purgeRacingAppendsLosesNoKeptEventAndKeepsPartitions() {
        long seed = ConcurrentRun.seed("R12 purge");
        Set<Reading> discarded = ConcurrentHashMap.newKeySet();
        EventStore<Reading> store = EventStore.<Reading>builder().withPartitions(PARTITIONS).withCapacityPerPartition(256)
                .withTimestampSelector(Reading::timestamp).onDiscarded(discarded::add).create();
        for (int i = 0; i < PARTITIONS * 200; i++) {
            store.tryAppend(new Reading(Ids.id(7, i % PARTITIONS, i), BASE + i % 1_000), i % PARTITIONS);
        }
        List<List<Reading>> appended = new ArrayList<>();
        for (int pr = 0; pr < PRODUCERS; pr++) {
            appended.add(new ArrayList<>());
        }
        AtomicLong purgedByCalls = new AtomicLong();
        ConcurrentRun run = new ConcurrentRun("R12 purge", Duration.ofMillis(600));
        for (int producer = 0; producer < PRODUCERS; producer++) {
            final int pr = producer;
            run.producer(() -> {
                Random rnd = new Random(seed + pr);
                for (int s = 0; s < 50_000 && ((s & 127) != 0 || !run.timeUp()); s++) {
                    int p = rnd.nextInt(PARTITIONS);
                    // mostly new events, some old ones that a racing purge may or may not catch
                    long ts = rnd.nextInt(8) == 0 ? BASE + rnd.nextInt(1_000) : CUTOFF + rnd.nextInt(1_000);
                    Reading r = new Reading(Ids.id(pr, p, s), ts);
                    store.tryAppend(r, p);
                    appended.get(pr).add(r);
                }
            });
        }
        run.helper(() -> purgedByCalls.addAndGet(store.purge(Instant.ofEpochMilli(CUTOFF))));
        run.execute();

        purgedByCalls.addAndGet(store.purge(Instant.ofEpochMilli(CUTOFF)));
        EventStoreStatistics stats = store.statistics();
        assertThat(stats.totalPurged()).isEqualTo(purgedByCalls.get());
        List<Reading> retained = store.snapshot();
        assertThat(retained).allSatisfy(r -> assertThat(r.timestamp()).isGreaterThanOrEqualTo(CUTOFF));
        for (int p = 0; p < PARTITIONS; p++) {
            final int partition = p;
            assertThat(store.copyPartition(p)).as("partition %d keeps only its own events", p)
                    .allSatisfy(r -> assertThat(Ids.partition(r.id())).isEqualTo(partition));
        }
        Set<Reading> retainedSet = new HashSet<>(retained);
        List<Reading> lost = new ArrayList<>();
        for (List<Reading> mine : appended) {
            for (Reading r : mine) {
                if (r.timestamp() >= CUTOFF && !retainedSet.contains(r) && !discarded.contains(r)) {
                    lost.add(r);
                }
            }
        }
        assertThat(lost).as("kept (new) events lost by a racing purge").isEmpty();
        assertThat(stats.totalAppended()).isEqualTo(stats.count() + stats.totalDiscarded() + stats.totalPurged());
    }

    @Test
    void r12_clearAcrossPartitionsNeverLetsACompletedAppendSurvive() {
        EventStore<Long> store = EventStore.<Long>builder().withPartitions(8).withCapacityPerPartition(64).create();
        AtomicLongArray done = new AtomicLongArray(PRODUCERS);
        for (int pr = 0; pr < PRODUCERS; pr++) {
            done.set(pr, -1);
        }
        AtomicLong clears = new AtomicLong();
        ConcurrentRun run = new ConcurrentRun("R12 clear", Duration.ofMillis(600));
        for (int producer = 0; producer < PRODUCERS; producer++) {
            final int pr = producer;
            run.producer(() -> {
                for (int s = 0; s < 500_000 && ((s & 255) != 0 || !run.timeUp()); s++) {
                    store.tryAppend(Ids.id(pr, s & 7, s), s & 7);
                    done.set(pr, s);
                }
            });
        }
        run.helper(() -> {
            long[] before = new long[PRODUCERS];
            for (int pr = 0; pr < PRODUCERS; pr++) {
                before[pr] = done.get(pr);
            }
            store.clear();
            clears.incrementAndGet();
            for (Long e : store.snapshot()) {
                if (Ids.seq(e) <= before[Ids.producer(e)]) {
                    throw new AssertionError(Ids.show(e) + " completed before clear() but survived it");
                }
            }
        });
        run.execute();
        assertThat(clears.get()).isPositive();
        EventStoreStatistics stats = store.statistics();
        assertThat(stats.totalAppended()).isEqualTo(stats.count() + stats.totalDiscarded() + stats.totalCleared());
    }

    /**
     * SPEC 2.5: "an append concurrent with clear either survives whole or is gone whole", and SPEC 2.4:
     * the buckets equal the brute-force aggregate of the events appended. Producers append to four
     * partitions; 20 times, a clear races them, then the producers pause and, at that moment of
     * quiescence, the buckets must count exactly the events the store still holds (nothing is evicted:
     * each round appends far fewer events than the capacity). An event that survived the clear in its
     * ring but lost its bucket contribution, or the reverse, breaks the equality.
     */
    @Test
    void r12_anAppendRacingClearKeepsItsBucketContributionIfAndOnlyIfItSurvives() {
        final int producers = 2;
        EventStore<Reading> store = EventStore.<Reading>builder().withPartitions(4).withCapacityPerPartition(1 << 15)
                .withTimestampSelector(Reading::timestamp).withValueSelector(r -> 1.0)
                .withWindow(Duration.ofSeconds(10), Duration.ofSeconds(1)).create();
        Instant from = Instant.ofEpochMilli(BASE);
        Instant to = Instant.ofEpochMilli(BASE + 10_000);
        AtomicLong appended = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean paused = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger parked = new java.util.concurrent.atomic.AtomicInteger();
        List<String> mismatches = new java.util.concurrent.CopyOnWriteArrayList<>();
        ConcurrentRun run = new ConcurrentRun("R12 clear vs buckets", Duration.ofSeconds(5));
        for (int producer = 0; producer < producers; producer++) {
            final int pr = producer;
            run.producer(() -> {
                for (int s = 0; !stop.get(); s++) {
                    if (paused.get()) {
                        parked.incrementAndGet();
                        while (paused.get() && !stop.get()) {
                            Thread.onSpinWait();
                        }
                        parked.decrementAndGet();
                    }
                    store.tryAppend(new Reading(Ids.id(pr, s & 3, s), BASE + (s % 10_000)), s & 3);
                    appended.incrementAndGet();
                    for (int spin = 0; spin < 64; spin++) {
                        Thread.onSpinWait(); // throttle: a round stays far below the capacity
                    }
                }
            });
        }
        run.producer(() -> {
            try {
                for (int round = 0; round < 20 && !run.timeUp(); round++) {
                    long target = appended.get() + 2_000;
                    while (appended.get() < target && !run.timeUp()) {
                        Thread.onSpinWait();
                    }
                    store.clear(); // races the producers
                    paused.set(true);
                    while (parked.get() < producers && !run.timeUp()) {
                        Thread.onSpinWait();
                    }
                    long retained = store.count();
                    long counted = store.windowAggregate(from, to).count();
                    if (counted != retained || store.statistics().totalDiscarded() != 0) {
                        mismatches.add("round " + round + ": buckets count " + counted + " events, the store holds "
                                + retained + " (discarded " + store.statistics().totalDiscarded() + ")");
                    }
                    paused.set(false);
                }
            } finally {
                stop.set(true);
            }
        });
        run.execute();
        System.out.println("[regression] R12 clear vs buckets: " + mismatches.size() + " of 20 rounds mismatched "
                + (mismatches.isEmpty() ? "" : mismatches.get(0)));
        assertThat(mismatches).as("rounds where the buckets disagree with the retained events after a racing clear")
                .isEmpty();
    }

    @Test
    void r12_bucketsAreConsistentAfterClearsRacingAppends() {
        EventStore<Reading> store = EventStore.<Reading>builder().withPartitions(2).withCapacityPerPartition(32)
                .withTimestampSelector(Reading::timestamp).withValueSelector(r -> 1.0)
                .withWindow(Duration.ofSeconds(10), Duration.ofSeconds(1)).create();
        ConcurrentRun run = new ConcurrentRun("R12 buckets", Duration.ofMillis(500));
        for (int producer = 0; producer < PRODUCERS; producer++) {
            final int pr = producer;
            run.producer(() -> {
                for (int s = 0; s < 200_000 && ((s & 255) != 0 || !run.timeUp()); s++) {
                    store.tryAppend(new Reading(Ids.id(pr, 0, s), BASE + (s % 10_000)), s & 1);
                }
            });
        }
        run.helper(() -> {
            store.clear();
            WindowAggregate w = store.windowAggregate(Instant.ofEpochMilli(BASE), Instant.ofEpochMilli(BASE + 10_000));
            if (w.count() < 0) {
                throw new AssertionError("negative bucket count " + w);
            }
        });
        run.execute();

        store.clear();
        Instant from = Instant.ofEpochMilli(BASE);
        Instant to = Instant.ofEpochMilli(BASE + 10_000);
        assertThat(store.windowAggregate(from, to).count()).as("buckets after clear").isZero();
        long late = store.statistics().lateEvents();
        for (int i = 0; i < 100; i++) {
            store.tryAppend(new Reading(-i, BASE + i * 97L), i & 1);
        }
        WindowAggregate w = store.windowAggregate(from, to);
        assertThat(w.count()).isEqualTo(100);
        assertThat(w.sum()).isEqualTo(100.0);
        assertThat(store.statistics().lateEvents()).isEqualTo(late);
    }
}
