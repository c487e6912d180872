package dev.lockfree.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link Appender}: bound partition, routing contract, threading rules, window buckets through owned stripes. */
class AppenderTest {

    private static EventStore<MetricEvent> windowed(int partitions, int capacity) {
        return MetricEvent.storeBuilder().withPartitions(partitions).withCapacityPerPartition(capacity)
                .withWindow(Duration.ofSeconds(60), Duration.ofSeconds(1)).create();
    }

    @Test
    void unkeyedAppenderUsesThePartitionThisThreadsTryAppendUses() {
        EventStore<Integer> store = EventStore.<Integer>builder().withPartitions(4).withCapacityPerPartition(10)
                .withWindowTracking(false).create();
        store.tryAppend(-1);
        int partitionOfThisThread = -1;
        for (int p = 0; p < 4; p++) {
            if (store.copyPartition(p).contains(-1)) {
                partitionOfThisThread = p;
            }
        }
        Appender<Integer> appender = store.appender();
        assertThat(appender.partition()).isEqualTo(partitionOfThisThread);
        for (int i = 0; i < 5; i++) {
            assertThat(appender.tryAppend(i)).isTrue();
        }
        assertThat(store.copyPartition(partitionOfThisThread)).containsExactly(-1, 0, 1, 2, 3, 4);
    }

    @Test
    void keyedAppenderBindsToTheKeysPartitionAndPlainAppenderIsRefused() {
        EventStore<MetricEvent> store = MetricEvent.storeBuilder().withKeySelector(MetricEvent.LABEL).withPartitions(8)
                .withCapacityPerPartition(10).withWindowTracking(false).create();
        assertThatThrownBy(store::appender).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("appender(key)");
        Appender<MetricEvent> cpu = store.appender("cpu");
        assertThat(cpu.partition()).isEqualTo(store.partitionFor("cpu"));
        cpu.tryAppend(new MetricEvent("cpu", 1, 1));
        store.tryAppend(new MetricEvent("cpu", 2, 2));
        assertThat(store.copyPartition(cpu.partition())).extracting(MetricEvent::value).containsExactly(1.0, 2.0);
    }

    @Test
    void explicitPartitionAndBadInput() {
        EventStore<Integer> store = EventStore.<Integer>builder().withPartitions(2).withCapacityPerPartition(4).create();
        Appender<Integer> second = store.appender(1);
        second.tryAppend(7);
        assertThat(store.copyPartition(1)).containsExactly(7);
        assertThatThrownBy(() -> store.appender(2)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("partition 2");
        assertThatThrownBy(() -> store.appender((Object) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> second.tryAppend(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("event");
    }

    @Test
    void externallyFedStoreRefusesAppenders() {
        EventStore<Integer> store = EventStore.<Integer>builder().withPartitions(2).withCapacityPerPartition(4)
                .withExternalFeed("orders", "the feed").create();
        assertThatThrownBy(store::appender).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.appender(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectPolicyHoldsThroughTheAppender() {
        EventStore<Integer> store = EventStore.<Integer>builder().withPartitions(1).withCapacityPerPartition(2)
                .withOverflowPolicy(OverflowPolicy.REJECT).create();
        Appender<Integer> appender = store.appender();
        assertThat(appender.tryAppend(1)).isTrue();
        assertThat(appender.tryAppend(2)).isTrue();
        assertThat(appender.tryAppend(3)).isFalse();
        assertThat(store.statistics().totalRejected()).isEqualTo(1);
    }

    /**
     * Four producers, each with its own appender (owned stripes where there are any, shared otherwise), plus one
     * appender handed to two other threads (the shared path): at quiescence the buckets hold every event exactly.
     */
    @Test
    void windowBucketsAreExactWithOwnedAndSharedStripes() throws Exception {
        EventStore<MetricEvent> store = windowed(4, 1_000);
        long base = 1_700_000_000_000L;
        int perThread = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Appender<MetricEvent> handedOver = store.appender(3);
        for (int t = 0; t < 6; t++) {
            final int id = t;
            Thread thread = new Thread(() -> {
                try {
                    Appender<MetricEvent> appender = id < 4 ? store.appender() : handedOver;
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        appender.tryAppend(new MetricEvent("m", i % 7, base + (i % 5_000)));
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failure.get()).isNull();
        long expectedSum = 0;
        for (int i = 0; i < perThread; i++) {
            expectedSum += i % 7;
        }
        WindowAggregate all = store.windowAggregate(Instant.ofEpochMilli(base), Instant.ofEpochMilli(base + 5_000));
        assertThat(all.count()).isEqualTo(6L * perThread);
        assertThat(all.sum()).isEqualTo(6.0 * expectedSum);
        assertThat(all.min()).isEqualTo(0.0);
        assertThat(all.max()).isEqualTo(6.0);
        assertThat(store.statistics().totalAppended()).isEqualTo(6L * perThread);
    }

    @Test
    void purgeDropsTheBucketsOfAnOwnedStripeAndTheOwnerKeepsCountingAfterIt() {
        EventStore<MetricEvent> store = windowed(1, 100);
        Appender<MetricEvent> appender = store.appender();
        appender.tryAppend(new MetricEvent("m", 1, 1_000));
        appender.tryAppend(new MetricEvent("m", 2, 2_000));
        appender.tryAppend(new MetricEvent("m", 4, 3_000));
        store.purge(Instant.ofEpochMilli(3_000)); // drops the buckets of 1 s and 2 s
        WindowAggregate afterPurge = store.windowAggregate(Instant.ofEpochMilli(0), Instant.ofEpochMilli(10_000));
        assertThat(afterPurge.count()).isEqualTo(1);
        assertThat(afterPurge.sum()).isEqualTo(4.0);
        // the owner records again into a dropped period: counted from scratch, the dropped values stay gone
        appender.tryAppend(new MetricEvent("m", 8, 2_500));
        appender.tryAppend(new MetricEvent("m", 16, 3_500));
        WindowAggregate later = store.windowAggregate(Instant.ofEpochMilli(0), Instant.ofEpochMilli(10_000));
        assertThat(later.count()).isEqualTo(3);
        assertThat(later.sum()).isEqualTo(28.0);
        assertThat(store.windowAggregate(Instant.ofEpochMilli(2_000), Instant.ofEpochMilli(3_000)).sum()).isEqualTo(8.0);
    }
}
