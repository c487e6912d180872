package dev.lockfree.eventstore.regression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreBuilder;
import dev.lockfree.eventstore.WindowAggregate;
import dev.lockfree.eventstore.stress.ConcurrentRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Seed defect BUG-06 (docs/seed-parity.md#bug-06a, #bug-06b, #bug-06c, #bug-06): (a) a roll of two or more buckets gave
 * the reused buckets their labels in reverse order; (b) events were placed by offset from an unaligned window start, so
 * an event exactly at a bucket boundary landed one bucket early; (c) window state had no synchronisation; also the
 * bucket fast path ignored the caller's selector, batch/partition-targeted appends skipped the buckets, and clear/purge
 * never reset them. Window: 10 s in 1 s buckets, aligned to the epoch.
 */
class Bug06WindowBucketsTest {

    private static final long BASE = 1_700_000_000_000L; // a multiple of 1 s

    /** value() is what a naive store would aggregate; the configured selector uses price * quantity. */
    record Trade(int key, long timestamp, double price, int quantity) {
        double value() {
            return price;
        }
    }

    private static EventStoreBuilder<Trade> trades(int partitions, int capacity) {
        return EventStore.<Trade>builder().withPartitions(partitions).withCapacityPerPartition(capacity)
                .withTimestampSelector(Trade::timestamp)
                .withValueSelector(t -> t.price() * t.quantity())
                .withKeySelector(Trade::key)
                .withWindow(Duration.ofSeconds(10), Duration.ofSeconds(1));
    }

    private static Trade at(long offset, double value) {
        return new Trade(1, BASE + offset, value, 1);
    }

    private static WindowAggregate bucket(EventStore<?> store, int k) {
        return store.windowAggregate(Instant.ofEpochMilli(BASE + k * 1000L), Instant.ofEpochMilli(BASE + (k + 1) * 1000L));
    }

    private static void assertBucket(EventStore<?> store, int k, long count, double sum, double min, double max) {
        WindowAggregate w = bucket(store, k);
        assertThat(w.count()).as("count of bucket %d", k).isEqualTo(count);
        assertThat(w.sum()).as("sum of bucket %d", k).isEqualTo(sum);
        if (count > 0) {
            assertThat(w.min()).as("min of bucket %d", k).isEqualTo(min);
            assertThat(w.max()).as("max of bucket %d", k).isEqualTo(max);
        }
        assertThat(w.from()).isEqualTo(Instant.ofEpochMilli(BASE + k * 1000L));
        assertThat(w.to()).isEqualTo(Instant.ofEpochMilli(BASE + (k + 1) * 1000L));
    }

    @Test
    void bug06a_bucketsKeepTheirLabelsAcrossMultiBucketRollsAndReuse() {
        EventStore<Trade> store = trades(1, 16).create();
        store.tryAppend(at(500, 1));
        store.tryAppend(at(3_200, 2)); // rolls 3 buckets at once
        store.tryAppend(at(3_999, 3));
        store.tryAppend(at(4_000, 4));
        store.tryAppend(at(7_100, 5)); // rolls 3 more
        store.tryAppend(at(9_999, 6));
        assertBucket(store, 0, 1, 1, 1, 1);
        for (int k : new int[] {1, 2, 5, 6, 8}) {
            assertBucket(store, k, 0, 0, 0, 0);
        }
        assertBucket(store, 3, 2, 5, 2, 3);
        assertBucket(store, 4, 1, 4, 4, 4);
        assertBucket(store, 7, 1, 5, 5, 5);
        assertBucket(store, 9, 1, 6, 6, 6);
        WindowAggregate middle = store.windowAggregate(Instant.ofEpochMilli(BASE + 1_500), Instant.ofEpochMilli(BASE + 4_500));
        assertThat(middle.from()).as("bucket-aligned lower bound").isEqualTo(Instant.ofEpochMilli(BASE + 1_000));
        assertThat(middle.to()).as("bucket-aligned upper bound").isEqualTo(Instant.ofEpochMilli(BASE + 5_000));
        assertThat(middle.count()).isEqualTo(3);
        assertThat(middle.sum()).isEqualTo(9.0);

        // Period 13 reuses the slot of period 3: the old content must not leak into it, and periods
        // older than the 10-bucket horizon (0..3) are no longer reported.
        store.tryAppend(at(13_400, 7));
        assertBucket(store, 13, 1, 7, 7, 7);
        assertBucket(store, 3, 0, 0, 0, 0);
        assertBucket(store, 0, 0, 0, 0, 0);
        assertBucket(store, 4, 1, 4, 4, 4);
        WindowAggregate all = store.windowAggregate(Instant.ofEpochMilli(BASE), Instant.ofEpochMilli(BASE + 14_000));
        assertThat(all.count()).isEqualTo(4); // periods 4, 7, 9, 13
        assertThat(all.sum()).isEqualTo(4 + 5 + 6 + 7.0);
        assertThat(all.min()).isEqualTo(4.0);
        assertThat(all.max()).isEqualTo(7.0);
    }

    @Test
    void bug06b_anEventAtABucketBoundaryLandsInThatBucket() {
        EventStore<Trade> store = trades(1, 16).create();
        store.tryAppend(at(1_234, 1)); // unaligned first event: the C# seed started its window here
        store.tryAppend(at(2_000, 2));
        store.tryAppend(at(2_999, 3));
        store.tryAppend(at(3_000, 4));
        assertBucket(store, 1, 1, 1, 1, 1);
        assertBucket(store, 2, 2, 5, 2, 3);
        assertBucket(store, 3, 1, 4, 4, 4);
        assertThat(store.windowAggregate(Instant.ofEpochMilli(BASE + 2_000), Instant.ofEpochMilli(BASE + 2_001)).count())
                .isEqualTo(2);
        assertThat(store.windowAggregate(Instant.ofEpochMilli(BASE + 2_000), Instant.ofEpochMilli(BASE + 2_000)).count())
                .as("an empty range [t, t)").isZero();
    }

    @Test
    void bug06c_concurrentUpdatesToOnePartitionAreNotLost() {
        EventStore<Trade> store = trades(1, 64).create();
        int producers = 8;
        int perProducer = 5_000;
        ConcurrentRun run = new ConcurrentRun("BUG-06c", Duration.ofSeconds(20));
        for (int producer = 0; producer < producers; producer++) {
            run.producer(() -> {
                for (int i = 0; i < perProducer; i++) {
                    store.tryAppend(at((i % 10) * 1000L + 17, i % 7), 0);
                }
            });
        }
        run.execute();
        WindowAggregate all = store.windowAggregate(Instant.ofEpochMilli(BASE), Instant.ofEpochMilli(BASE + 10_000));
        assertThat(all.count()).isEqualTo((long) producers * perProducer);
        double expectedSum = producers * IntStream.range(0, perProducer).map(i -> i % 7).sum();
        assertThat(all.sum()).isEqualTo(expectedSum);
        for (int k = 0; k < 10; k++) {
            assertThat(bucket(store, k).count()).isEqualTo((long) producers * perProducer / 10);
        }
        assertThat(store.statistics().lateEvents()).isZero();
    }

    @Test
    void bug06_clearEmptiesAndPurgeDropsOlderBuckets() {
        EventStore<Trade> store = trades(2, 16).create();
        for (int k = 0; k < 6; k++) {
            store.tryAppend(at(k * 1000L + 500, k + 1));
        }
        store.purge(Instant.ofEpochMilli(BASE + 3_000));
        for (int k = 0; k < 3; k++) {
            assertBucket(store, k, 0, 0, 0, 0);
        }
        for (int k = 3; k < 6; k++) {
            assertBucket(store, k, 1, k + 1, k + 1, k + 1);
        }
        store.clear();
        assertThat(store.windowAggregate(Instant.ofEpochMilli(BASE), Instant.ofEpochMilli(BASE + 10_000)).count()).isZero();
        // the horizon is reset too: an event far older than the previous newest one is not late after a clear
        store.tryAppend(at(100_000, 9));
        store.clear();
        long late = store.statistics().lateEvents();
        store.tryAppend(at(500, 8));
        assertBucket(store, 0, 1, 8, 8, 8);
        assertThat(store.statistics().lateEvents()).isEqualTo(late);
    }

    @Test
    void bug06_theWindowUsesTheConfiguredValueSelector() {
        EventStore<Trade> store = trades(1, 16).create();
        store.tryAppend(new Trade(1, BASE + 100, 2.5, 4));  // 10
        store.tryAppend(new Trade(1, BASE + 200, 1.0, 3));  // 3
        store.tryAppend(new Trade(1, BASE + 300, 10.0, 2)); // 20
        WindowAggregate w = bucket(store, 0);
        assertThat(w.count()).isEqualTo(3);
        assertThat(w.sum()).isEqualTo(33.0);
        assertThat(w.min()).isEqualTo(3.0);
        assertThat(w.max()).isEqualTo(20.0);
        assertThat(w.average()).isEqualTo(11.0);
    }

    @Test
    void bug06_everyAppendPathFeedsTheWindow() {
        EventStore<Event> store = Event.storeBuilder().withPartitions(4).withCapacityPerPartition(8)
                .withWindow(Duration.ofSeconds(10), Duration.ofSeconds(1)).create();
        store.tryAppend(new Event(1, 1, BASE + 10));
        store.tryAppend(new Event(2, 2, BASE + 20), 3);
        store.tryAppend("some-key", new Event(3, 4, BASE + 30));
        List<Event> big = IntStream.range(0, 40).mapToObj(i -> new Event(i, 8, BASE + 40 + i)).toList();
        assertThat(store.tryAppendAll(big)).isEqualTo(40);
        List<Event> targeted = IntStream.range(0, 40).mapToObj(i -> new Event(i, 16, BASE + 100 + i)).toList();
        assertThat(store.tryAppendAll(targeted, 1)).isEqualTo(40);
        WindowAggregate w = bucket(store, 0);
        assertThat(w.count()).isEqualTo(83);
        assertThat(w.sum()).isEqualTo(1 + 2 + 4 + 40 * 8 + 40 * 16.0);
        assertThat(store.count()).as("the ring evicted, the buckets did not (arrival statistics)").isLessThan(83);
    }

    @Test
    void bug06_evictedEventsStayCountedAndEventsPastTheHorizonAreLate() {
        EventStore<Trade> store = trades(1, 2).create();
        for (int i = 0; i < 10; i++) {
            store.tryAppend(at(i * 100L, 1));
        }
        assertThat(store.count()).isEqualTo(2);
        assertThat(bucket(store, 0).count()).isEqualTo(10);
        store.tryAppend(at(20_000, 1));
        store.tryAppend(at(5_000, 1));  // period 5 <= 20 - 10: older than the horizon
        store.tryAppend(at(11_000, 1)); // period 11: inside
        assertThat(store.statistics().lateEvents()).isEqualTo(1);
        assertThat(bucket(store, 11).count()).isEqualTo(1);
        assertThat(bucket(store, 5).count()).isZero();
    }

    @Test
    void bug06_windowAggregateOverTheLastDurationUsesTheStoreClock() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(BASE + 9_500), ZoneOffset.UTC);
        EventStore<Trade> store = trades(1, 16).withClock(clock).create();
        store.tryAppend(at(4_000, 1));
        store.tryAppend(at(7_000, 2));
        store.tryAppend(at(9_400, 4));
        WindowAggregate last3s = store.windowAggregate(Duration.ofSeconds(3));
        assertThat(last3s.count()).isEqualTo(2); // buckets 6..9
        assertThat(last3s.sum()).isEqualTo(6.0);
        assertThat(store.windowAggregate(Duration.ofSeconds(10)).count()).isEqualTo(3);
    }
}
