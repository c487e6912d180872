package dev.lockfree.eventstore.stress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.WindowAggregate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SPEC 2.4 and seed defect BUG-06c (docs/seed-parity.md#bug-06c): time buckets under concurrent appends. Many producers
 * append, on every append path, events with integral values and timestamps all inside the window, most of them to the
 * same partition. Readers see the full-window count never decrease (no lost or negative updates) and never exceed what
 * was started. At quiescence {@code windowAggregate} equals, exactly, the brute-force count/sum/min/max of everything
 * appended, for the whole window and for each single bucket, evicted events included, and no event was counted late.
 */
class WindowBucketStressTest {

    /** Carries its own timestamp and value; the id keeps events distinct. */
    record Sample(long id, long timestamp, long value, int key) {
    }

    private static final int PRODUCERS = 8;
    private static final int READERS = 2;
    private static final int OPS_PER_PRODUCER = 40_000;
    private static final long BASE = 1_700_000_000_000L; // a multiple of the bucket width
    private static final long WIDTH = 100;
    private static final int BUCKETS = 100;
    private static final Duration BUDGET = Duration.ofMillis(1200);

    @ParameterizedTest(name = "partitions={0} capacity={1}")
    @CsvSource({"1, 256", "1, 3", "4, 64"})
    void bucketsLoseNoUpdateUnderConcurrentAppends(int partitions, int capacity) {
        final long seed = ConcurrentRun.seed("window partitions=" + partitions + " capacity=" + capacity);
        final EventStore<Sample> store = EventStore.<Sample>builder()
                .withPartitions(partitions).withCapacityPerPartition(capacity)
                .withTimestampSelector(Sample::timestamp)
                .withValueSelector(s -> s.value())
                .withKeySelector(Sample::key)
                .withWindow(Duration.ofMillis(WIDTH * BUCKETS), Duration.ofMillis(WIDTH))
                .create();
        final long[][] ts = new long[PRODUCERS][OPS_PER_PRODUCER];
        final long[][] values = new long[PRODUCERS][OPS_PER_PRODUCER];
        final int[] appendedCount = new int[PRODUCERS];
        final AtomicLong startedAppends = new AtomicLong();
        final Instant from = Instant.ofEpochMilli(BASE);
        final Instant to = Instant.ofEpochMilli(BASE + WIDTH * BUCKETS);

        ConcurrentRun run = new ConcurrentRun("window", BUDGET);
        for (int producer = 0; producer < PRODUCERS; producer++) {
            final int pr = producer;
            run.producer(() -> {
                Random rnd = new Random(seed * 31 + pr);
                int seq = 0;
                while (seq < OPS_PER_PRODUCER && !run.timeUp()) {
                    int n = rnd.nextInt(3) == 0 ? Math.min(1 + rnd.nextInt(40), OPS_PER_PRODUCER - seq) : 1;
                    List<Sample> batch = new ArrayList<>(n);
                    for (int k = 0; k < n; k++) {
                        long t = BASE + (long) (rnd.nextDouble() * WIDTH * BUCKETS);
                        long v = rnd.nextInt(2001) - 1000;
                        ts[pr][seq + k] = t;
                        values[pr][seq + k] = v;
                        // key 0 most of the time: one hot partition
                        batch.add(new Sample(((long) pr << 40) | (seq + k), t, v, rnd.nextInt(4) == 0 ? rnd.nextInt(64) : 0));
                    }
                    startedAppends.addAndGet(n);
                    boolean ok = switch (n > 1 ? 3 + rnd.nextInt(2) : rnd.nextInt(3)) {
                        case 0 -> store.tryAppend(batch.get(0));
                        case 1 -> store.tryAppend(batch.get(0), store.partitionFor(0));
                        case 2 -> store.tryAppend("hot", batch.get(0));
                        case 3 -> store.tryAppendAll(batch) == n;
                        default -> store.tryAppendAll(batch, store.partitionFor(0)) == n;
                    };
                    if (!ok) {
                        throw new AssertionError("append returned false under EVICT_OLDEST");
                    }
                    seq += n;
                }
                appendedCount[pr] = seq;
            });
        }
        for (int reader = 0; reader < READERS; reader++) {
            final long[] lastCount = {0};
            run.helper(() -> {
                WindowAggregate w = store.windowAggregate(from, to);
                long started = startedAppends.get();
                if (w.count() < lastCount[0]) {
                    throw new AssertionError("window count went down from " + lastCount[0] + " to " + w.count());
                }
                if (w.count() > started) {
                    throw new AssertionError("window count " + w.count() + " > appends started " + started);
                }
                if (w.count() > 0 && (w.min() < -1000 || w.max() > 1000 || w.min() > w.max())) {
                    throw new AssertionError("window min/max out of range: " + w);
                }
                lastCount[0] = w.count();
            });
        }
        run.execute();

        // ---- brute force ----
        long[] count = new long[BUCKETS];
        long[] sum = new long[BUCKETS];
        long[] min = new long[BUCKETS];
        long[] max = new long[BUCKETS];
        java.util.Arrays.fill(min, Long.MAX_VALUE);
        java.util.Arrays.fill(max, Long.MIN_VALUE);
        long total = 0;
        for (int pr = 0; pr < PRODUCERS; pr++) {
            for (int s = 0; s < appendedCount[pr]; s++) {
                int b = (int) ((ts[pr][s] - BASE) / WIDTH);
                long v = values[pr][s];
                count[b]++;
                sum[b] += v;
                min[b] = Math.min(min[b], v);
                max[b] = Math.max(max[b], v);
                total++;
            }
        }
        assertThat(store.statistics().totalAppended()).isEqualTo(total);
        assertThat(store.statistics().lateEvents()).as("late events").isZero();
        WindowAggregate whole = store.windowAggregate(from, to);
        assertThat(whole.count()).as("window count == events appended (no lost update)").isEqualTo(total);
        assertThat(whole.sum()).isEqualTo((double) java.util.Arrays.stream(sum).sum());
        assertThat(whole.min()).isEqualTo((double) java.util.Arrays.stream(min).min().orElseThrow());
        assertThat(whole.max()).isEqualTo((double) java.util.Arrays.stream(max).max().orElseThrow());
        assertThat(whole.from()).isEqualTo(from);
        assertThat(whole.to()).isEqualTo(to);
        for (int b = 0; b < BUCKETS; b++) {
            WindowAggregate one = store.windowAggregate(Instant.ofEpochMilli(BASE + b * WIDTH),
                    Instant.ofEpochMilli(BASE + (b + 1) * WIDTH));
            assertThat(one.count()).as("count of bucket %d", b).isEqualTo(count[b]);
            assertThat(one.sum()).as("sum of bucket %d", b).isEqualTo((double) sum[b]);
            if (count[b] > 0) {
                assertThat(one.min()).as("min of bucket %d", b).isEqualTo((double) min[b]);
                assertThat(one.max()).as("max of bucket %d", b).isEqualTo((double) max[b]);
            }
        }
        System.out.printf("[stress] window partitions=%d capacity=%d appended=%d reads=%d%n", partitions, capacity,
                total, run.helperIterations());
    }
}
