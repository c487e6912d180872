package dev.lockfree.eventstore.stress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreStatistics;
import dev.lockfree.eventstore.OverflowPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SPEC 2.1/2.5, {@link OverflowPolicy#REJECT} under contention: {@code appended + rejected == attempts}
 * exactly, the discard callback never fires, {@code count() <= capacity} at all times, a full partition
 * keeps exactly its capacity, the retained events are exactly the accepted ones (plus, with a racing
 * clear, accepted == retained + cleared), and rejected events never appear anywhere.
 */
class RejectPolicyStressTest {

    private static final int PRODUCERS = 8;
    private static final int OPS_PER_PRODUCER = 50_000;
    private static final Duration BUDGET = Duration.ofMillis(1000);

    @ParameterizedTest(name = "partitions={0} capacity={1} clearing={2}")
    @CsvSource({"1, 16, false", "4, 5, false", "2, 4, true", "1, 1, true"})
    void rejectNeverEvictsAndCountsEveryAttempt(int partitions, int capacity, boolean clearing) {
        final long seed = ConcurrentRun.seed("REJECT partitions=" + partitions + " capacity=" + capacity
                + " clearing=" + clearing);
        final AtomicLong discards = new AtomicLong();
        final EventStore<Long> store = EventStore.<Long>builder()
                .withPartitions(partitions).withCapacityPerPartition(capacity)
                .withOverflowPolicy(OverflowPolicy.REJECT)
                .onDiscarded(e -> discards.incrementAndGet())
                .create();
        final List<List<Long>> accepted = new ArrayList<>();
        final List<List<Long>> rejected = new ArrayList<>();
        final long[] attempts = new long[PRODUCERS];
        final long[][] attemptsPerPartition = new long[PRODUCERS][partitions];
        final AtomicLongArray started = new AtomicLongArray(PRODUCERS);
        for (int pr = 0; pr < PRODUCERS; pr++) {
            accepted.add(new ArrayList<>());
            rejected.add(new ArrayList<>());
            started.set(pr, -1);
        }

        ConcurrentRun run = new ConcurrentRun("REJECT", BUDGET);
        for (int producer = 0; producer < PRODUCERS; producer++) {
            final int pr = producer;
            run.producer(() -> {
                Random rnd = new Random(seed * 31 + pr);
                int seq = 0;
                while (seq < OPS_PER_PRODUCER && !run.timeUp()) {
                    int p = rnd.nextInt(partitions);
                    long id = Ids.id(pr, p, seq);
                    started.set(pr, seq);
                    boolean ok;
                    if (rnd.nextInt(4) == 0) {
                        ok = store.tryAppendAll(List.of(id), p) == 1;
                    } else {
                        ok = store.tryAppend(id, p);
                    }
                    (ok ? accepted : rejected).get(pr).add(id);
                    attemptsPerPartition[pr][p]++;
                    seq++;
                }
                attempts[pr] = seq;
            });
        }
        run.helper(() -> {
            long count = store.count();
            if (count < 0 || count > store.capacity()) {
                throw new AssertionError("count() = " + count + " > capacity " + store.capacity());
            }
            int p = (int) (count % partitions);
            List<Long> part = store.copyPartition(p);
            SnapshotInvariantsStressTest.checkPartitionCopy(part, p, capacity, started, "copyPartition(" + p + ")");
            if (discards.get() != 0) {
                throw new AssertionError("discard callback fired under REJECT");
            }
        });
        if (clearing) {
            run.helper(store::clear);
        }
        run.execute();

        long totalAttempts = 0;
        long totalAccepted = 0;
        long totalRejected = 0;
        Set<Long> acceptedIds = new HashSet<>();
        Set<Long> rejectedIds = new HashSet<>();
        for (int pr = 0; pr < PRODUCERS; pr++) {
            totalAttempts += attempts[pr];
            totalAccepted += accepted.get(pr).size();
            totalRejected += rejected.get(pr).size();
            acceptedIds.addAll(accepted.get(pr));
            rejectedIds.addAll(rejected.get(pr));
        }
        EventStoreStatistics stats = store.statistics();
        System.out.printf("[stress] REJECT partitions=%d capacity=%d attempts=%d accepted=%d rejected=%d cleared=%d%n",
                partitions, capacity, totalAttempts, totalAccepted, totalRejected, stats.totalCleared());
        assertThat(totalAccepted + totalRejected).isEqualTo(totalAttempts);
        assertThat(stats.totalAppended()).as("totalAppended == accepted").isEqualTo(totalAccepted);
        assertThat(stats.totalRejected()).as("totalRejected == rejected").isEqualTo(totalRejected);
        assertThat(stats.totalAppended() + stats.totalRejected()).as("appended + rejected == attempts")
                .isEqualTo(totalAttempts);
        assertThat(stats.totalDiscarded()).as("no eviction under REJECT").isZero();
        assertThat(discards).hasValue(0);
        assertThat(store.count()).isLessThanOrEqualTo(store.capacity());
        assertThat(stats.totalAppended()).isEqualTo(stats.count() + stats.totalCleared());

        List<Long> retained = store.snapshot();
        assertThat(retained).hasSize((int) store.count());
        assertThat(acceptedIds).as("accepted ids").containsAll(retained);
        assertThat(retained).as("rejected events never stored").doesNotContainAnyElementsOf(rejectedIds);
        if (!clearing) {
            assertThat(new HashSet<>(retained)).as("retained == accepted").isEqualTo(acceptedIds);
            for (int p = 0; p < partitions; p++) {
                long tried = 0;
                for (int pr = 0; pr < PRODUCERS; pr++) {
                    tried += attemptsPerPartition[pr][p];
                }
                assertThat(store.copyPartition(p)).as("partition %d", p).hasSize((int) Math.min(tried, capacity));
                assertThat(stats.partitions().get(p).rejected()).isEqualTo(Math.max(0, tried - capacity));
            }
        }
    }
}
