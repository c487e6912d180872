package dev.lockfree.eventstore.regression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreStatistics;
import dev.lockfree.eventstore.OverflowPolicy;
import dev.lockfree.eventstore.PartitionStatistics;
import dev.lockfree.eventstore.stress.ConcurrentRun;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seed race R9 (docs/seed-parity.md#r9): the C# seed's counts were approximations from separate reads of head and tail,
 * clamped, and {@code IsFull} meant "some partition is full". At quiescence every count must be exact: per partition
 * and in total, in {@code count()}, {@code statistics()} and the copies, and {@code isFull()} means every partition is
 * full.
 */
class R9ExactCountsTest {

    private static final int PRODUCERS = 8;
    private static final int PARTITIONS = 4;
    private static final int CAPACITY = 50;

    @ParameterizedTest
    @EnumSource(OverflowPolicy.class)
    void r9_countsAreExactAtQuiescence(OverflowPolicy policy) {
        long seed = ConcurrentRun.seed("R9 " + policy);
        EventStore<Long> store = EventStore.<Long>builder().withPartitions(PARTITIONS).withCapacityPerPartition(CAPACITY)
                .withOverflowPolicy(policy).create();
        long[][] attempts = new long[PRODUCERS][PARTITIONS];
        long[][] accepted = new long[PRODUCERS][PARTITIONS];
        ConcurrentRun run = new ConcurrentRun("R9", Duration.ofMillis(500));
        for (int producer = 0; producer < PRODUCERS; producer++) {
            final int pr = producer;
            run.producer(() -> {
                Random rnd = new Random(seed + pr);
                // partition 3 gets only a few events: it must not be full at the end
                for (int s = 0; s < 30_000 && ((s & 255) != 0 || !run.timeUp()); s++) {
                    int p = s % 10_000 == 0 ? 3 : rnd.nextInt(PARTITIONS - 1);
                    attempts[pr][p]++;
                    if (store.tryAppend(((long) pr << 40) | s, p)) {
                        accepted[pr][p]++;
                    }
                }
            });
        }
        run.helper(() -> {
            long c = store.count();
            if (c < 0 || c > (long) PARTITIONS * CAPACITY) {
                throw new AssertionError("count() out of range: " + c);
            }
        });
        run.execute();

        EventStoreStatistics stats = store.statistics();
        long total = 0;
        long totalAppended = 0;
        boolean allFull = true;
        for (int p = 0; p < PARTITIONS; p++) {
            long tried = 0;
            long ok = 0;
            for (int pr = 0; pr < PRODUCERS; pr++) {
                tried += attempts[pr][p];
                ok += accepted[pr][p];
            }
            PartitionStatistics ps = stats.partitions().get(p);
            long expectedCount = Math.min(CAPACITY, tried);
            assertThat(ps.appended()).as("appended to partition %d", p).isEqualTo(ok);
            assertThat(ps.count()).as("count of partition %d", p).isEqualTo(expectedCount);
            assertThat(store.copyPartition(p)).hasSize((int) expectedCount);
            assertThat(store.query().partition(p).count()).isEqualTo(expectedCount);
            assertThat(ps.isFull()).isEqualTo(expectedCount == CAPACITY);
            if (policy == OverflowPolicy.REJECT) {
                assertThat(ps.rejected()).isEqualTo(tried - ok);
                assertThat(ps.discarded()).isZero();
            } else {
                assertThat(ok).isEqualTo(tried);
                assertThat(ps.discarded()).isEqualTo(tried - expectedCount);
            }
            total += expectedCount;
            totalAppended += ok;
            allFull &= expectedCount == CAPACITY;
        }
        assertThat(allFull).as("partition 3 got too few events to fill up").isFalse();
        assertThat(store.count()).isEqualTo(total);
        assertThat(stats.count()).isEqualTo(total);
        assertThat(store.snapshot()).hasSize((int) total);
        assertThat(stats.totalAppended()).isEqualTo(totalAppended);
        assertThat(store.isFull()).as("isFull() means every partition is full").isFalse();
        assertThat(store.isEmpty()).isFalse();
        // fill the last partition: now the store is full
        for (int i = 0; i < CAPACITY; i++) {
            store.tryAppend(-1L - i, 3);
        }
        assertThat(store.isFull()).isTrue();
        assertThat(store.count()).isEqualTo((long) PARTITIONS * CAPACITY);
    }
}
