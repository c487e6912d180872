package dev.lockfree.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Statistics pushed on a schedule ({@link EventStoreBuilder#withStatsListener}), and {@link EventStore#close()}. */
class StatsListenerTest {

    private static EventStoreBuilder<Integer> builder() {
        return EventStore.<Integer>builder().withPartitions(2).withCapacityPerPartition(8).withWindowTracking(false);
    }

    @Test
    void readingsArePushedOnTheScheduleFromADaemonThreadOfTheStoresOwn() throws Exception {
        List<EventStoreStatistics> readings = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> caller = new AtomicReference<>();
        try (EventStore<Integer> store = builder().withStatsListener(Duration.ofMillis(2), stats -> {
            caller.set(Thread.currentThread());
            readings.add(stats);
        }).create()) {
            for (int i = 0; i < 3; i++) {
                store.tryAppend(i);
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> readings.stream().anyMatch(s -> s.totalAppended() == 3 && s.count() == 3));
            assertThat(caller.get()).isNotSameAs(Thread.currentThread());
            assertThat(caller.get().isDaemon()).as("a forgotten store must not keep the JVM alive").isTrue();
            assertThat(caller.get().getName()).startsWith(StatisticsPublisher.THREAD_NAME);
        }
    }

    @Test
    void aThrowingListenerIsCountedAndStaysScheduled() {
        AtomicInteger calls = new AtomicInteger();
        try (EventStore<Integer> store = builder().withStatsListener(Duration.ofMillis(1), stats -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("listener failure " + calls.get());
            }
        }).create()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 4);
            assertThat(store.statistics().callbackFailures()).isEqualTo(2);
        }
    }

    @Test
    void closeStopsTheStoresThreadAndTheStoreStaysUsable() throws Exception {
        AtomicReference<Thread> caller = new AtomicReference<>();
        CountDownLatch called = new CountDownLatch(1);
        EventStore<Integer> store = builder().withStatsListener(Duration.ofMillis(1), stats -> {
            caller.set(Thread.currentThread());
            called.countDown();
        }).create();
        assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();
        store.close();
        store.close(); // idempotent
        caller.get().join(10_000);
        assertThat(caller.get().isAlive()).as("the store's stats thread after close").isFalse();
        assertThat(store.tryAppend(7)).isTrue();
        assertThat(store.snapshot()).containsExactly(7);
    }

    @Test
    void aCallersSchedulerRunsTheListenerAndIsLeftRunningWithTheTaskCancelled() throws Exception {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "app-scheduler"));
        scheduler.setRemoveOnCancelPolicy(true);
        try {
            AtomicReference<String> threadName = new AtomicReference<>();
            CountDownLatch called = new CountDownLatch(2);
            EventStore<Integer> store = builder().withStatsListener(Duration.ofMillis(1), stats -> {
                threadName.set(Thread.currentThread().getName());
                called.countDown();
            }).withStatsScheduler(scheduler).create();
            assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(threadName.get()).isEqualTo("app-scheduler");
            store.close(); // the task may be running or queued now: either way it is not queued again
            assertThat(scheduler.getQueue()).as("the store's task after close").isEmpty();
            assertThat(scheduler.isShutdown()).as("a caller's scheduler is the caller's to shut down").isFalse();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void closingFromInsideTheListenerEndsTheScheduleWithoutWaitingForItself() throws Exception {
        AtomicReference<EventStore<Integer>> ref = new AtomicReference<>();
        AtomicReference<Thread> caller = new AtomicReference<>();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch created = new CountDownLatch(1);
        EventStore<Integer> store = builder().withStatsListener(Duration.ofMillis(1), stats -> {
            try {
                created.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            caller.set(Thread.currentThread());
            calls.incrementAndGet();
            ref.get().close();
        }).create();
        ref.set(store);
        created.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> caller.get() != null);
        caller.get().join(10_000);
        assertThat(caller.get().isAlive()).isFalse();
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void badScheduleOptionsNameTheOptionAndValue() {
        assertThatThrownBy(() -> builder().withStatsListener(Duration.ZERO, s -> { }).create())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("statsInterval must be at least 1 ms but was PT0S");
        assertThatThrownBy(() -> builder().withStatsListener(Duration.ofMillis(-5), s -> { }).options())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statsInterval");
        assertThatThrownBy(() -> builder().withStatsListener(Duration.ofSeconds(1), null))
                .isInstanceOf(NullPointerException.class).hasMessage("statsListener must not be null");
        assertThatThrownBy(() -> builder().withStatsListener(null, s -> { }))
                .isInstanceOf(NullPointerException.class).hasMessage("statsInterval must not be null");
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        try {
            assertThatThrownBy(() -> builder().withStatsScheduler(scheduler).create())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("withStatsListener");
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void aStoreWithoutAListenerHasNothingToCloseAndNoSchedule() {
        EventStore<Integer> store = builder().create();
        assertThat(store.options().statisticsSchedule()).isNull();
        store.close();
        assertThat(store.tryAppend(1)).isTrue();
    }
}
