package dev.lockfree.eventstore.regression;

import dev.lockfree.eventstore.StoreInternals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Seed race R7 (docs/seed-parity.md#r7): the C# seed's views and {@code SnapshotViews} pointed into the live ring, so
 * later appends changed what a caller was iterating, and {@code Snapshot()} copied from such views. Seed race R8
 * (docs/seed-parity.md#r8): its "stable" copy for persistence was not validated after copying. Every copy returned here
 * must be a copy: later appends (which overwrite every slot) never change a list already returned, and a partition
 * capture taken under load is a contiguous run whose sequences match its events.
 */
class R7R8CopiesAreCopiesTest {

    private static final long BASE = 1_700_000_000_000L;

    private static MetricEvent m(int i) {
        return new MetricEvent("k" + (i % 2), i, BASE + i);
    }

    @Test
    void r7_everyReturnedCopyIsUnaffectedByLaterAppends() {
        EventStore<MetricEvent> store = MetricEvent.storeBuilder().withPartitions(1).withCapacityPerPartition(4).create();
        for (int i = 0; i < 4; i++) {
            store.tryAppend(m(i), 0);
        }
        Instant from = Instant.ofEpochMilli(BASE);
        Instant to = Instant.ofEpochMilli(BASE + 1_000_000);
        List<MetricEvent> snapshot = store.snapshot();
        List<MetricEvent> filtered = store.snapshot(e -> e.value() >= 1);
        List<MetricEvent> timed = store.snapshot(from, to);
        List<MetricEvent> both = store.snapshot(e -> e.value() >= 2, from, to);
        List<MetricEvent> partition = store.copyPartition(0);
        List<MetricEvent> queried = store.query().toList();
        Map<String, List<MetricEvent>> groups = store.query().groupBy(MetricEvent::label);

        for (int i = 4; i < 12; i++) {
            store.tryAppend(m(i), 0); // overwrites every slot twice
        }

        List<MetricEvent> original = List.of(m(0), m(1), m(2), m(3));
        assertThat(snapshot).isEqualTo(original);
        assertThat(filtered).isEqualTo(original.subList(1, 4));
        assertThat(timed).isEqualTo(original);
        assertThat(both).isEqualTo(original.subList(2, 4));
        assertThat(partition).isEqualTo(original);
        assertThat(queried).isEqualTo(original);
        assertThat(groups.get("k0")).containsExactly(m(0), m(2));
        assertThat(groups.get("k1")).containsExactly(m(1), m(3));
        assertThat(store.snapshot()).containsExactly(m(8), m(9), m(10), m(11));
    }

    @Test
    void r7_aCopyTakenUnderLoadStaysWhatItWas() throws Exception {
        EventStore<Long> store = EventStore.<Long>builder().withPartitions(1).withCapacityPerPartition(16).create();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong appended = new AtomicLong();
        CountDownLatch started = new CountDownLatch(1);
        Thread producer = new Thread(() -> {
            started.countDown();
            for (long i = 0; !stop.get(); i++) {
                store.tryAppend(i, 0);
                appended.set(i + 1);
            }
        }, "R7-producer");
        producer.setDaemon(true);
        producer.start();
        try {
            started.await();
            for (int round = 0; round < 50; round++) {
                List<Long> copy = store.snapshot();
                List<Long> frozen = new ArrayList<>(copy);
                long target = appended.get() + 64; // every slot overwritten several times
                await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> appended.get() >= target);
                assertThat(copy).as("round %d", round).isEqualTo(frozen);
                for (int k = 1; k < copy.size(); k++) {
                    assertThat(copy.get(k)).isEqualTo(copy.get(k - 1) + 1);
                }
            }
        } finally {
            stop.set(true);
            producer.join(10_000);
        }
    }

    @Test
    void r8_aCaptureUnderLoadIsAContiguousRunMatchingItsSequences() throws Exception {
        EventStore<Long> store = EventStore.<Long>builder().withPartitions(1).withCapacityPerPartition(32).create();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong appended = new AtomicLong();
        Thread producer = new Thread(() -> {
            for (long i = 0; !stop.get(); i++) {
                store.tryAppend(i, 0); // value == sequence: no clear, no restore
                appended.set(i + 1);
            }
        }, "R8-producer");
        producer.setDaemon(true);
        producer.start();
        try {
            int nonEmpty = 0;
            long deadline = System.nanoTime() + Duration.ofMillis(500).toNanos();
            for (int attempt = 0; (System.nanoTime() < deadline || nonEmpty < 10) && attempt < 1_000_000; attempt++) {
                StoreInternals.Capture<Long> capture = StoreInternals.of(store).capture(0);
                List<Long> events = capture.events();
                List<Long> frozen = new ArrayList<>(events);
                if (events.isEmpty()) {
                    continue;
                }
                nonEmpty++;
                assertThat(events.size()).isLessThanOrEqualTo(32);
                assertThat(capture.lastSequence() - capture.firstSequence() + 1).isEqualTo(events.size());
                for (int k = 0; k < events.size(); k++) {
                    assertThat(events.get(k)).as("event at sequence %d", capture.firstSequence() + k)
                            .isEqualTo(capture.firstSequence() + k);
                }
                long target = appended.get() + 64;
                await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> appended.get() >= target);
                assertThat(events).isEqualTo(frozen);
            }
            assertThat(nonEmpty).as("captures that held events").isGreaterThanOrEqualTo(10);
        } finally {
            stop.set(true);
            producer.join(10_000);
        }
    }
}
