package dev.lockfree.eventstore.regression;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.WindowAggregate;
import dev.lockfree.eventstore.stress.ConcurrentRun;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * Seed defect BUG-05 (docs/seed-parity.md#bug-05) / seed race R1 (docs/seed-parity.md#r1): a reader of the C# seed
 * could see a reserved but unwritten slot: on the first lap a {@code null} (which made timestamp selectors throw inside
 * time-bounded reads), later a stale event. Here fresh stores are read while their first lap is being written, through
 * every read path that calls a selector on each event: no null, no exception, and only events that were really
 * appended.
 */
class Bug05R1NoUnpublishedSlotTest {

    private static final int PRODUCERS = 4;
    private static final int PER_PRODUCER = 48;
    private static final long BASE = 1_700_000_000_000L;

    @Test
    void r1_readersNeverSeeNullOrUnwrittenSlotsOnTheFirstLap() {
        long rounds = 0;
        long deadline = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (rounds < 300 && System.nanoTime() < deadline) {
            oneRound(rounds);
            rounds++;
        }
        System.out.println("[regression] R1 rounds=" + rounds);
    }

    private static void oneRound(long round) {
        EventStore<MetricEvent> store = MetricEvent.storeBuilder()
                .withPartitions(2).withCapacityPerPartition(64).create();
        AtomicLongArray started = new AtomicLongArray(PRODUCERS);
        for (int pr = 0; pr < PRODUCERS; pr++) {
            started.set(pr, -1);
        }
        Instant from = Instant.ofEpochMilli(BASE);
        Instant to = Instant.ofEpochMilli(BASE + 1_000);
        ConcurrentRun run = new ConcurrentRun("R1 round " + round, Duration.ofSeconds(5));
        for (int producer = 0; producer < PRODUCERS; producer++) {
            final int pr = producer;
            run.producer(() -> {
                for (int i = 0; i < PER_PRODUCER; i++) {
                    started.set(pr, i);
                    store.tryAppend(new MetricEvent("P" + pr + "#" + i, i, BASE + i), pr % 2);
                }
            });
        }
        run.helper(() -> {
            List<MetricEvent> all = store.snapshot();
            for (MetricEvent e : all) {
                if (e == null) {
                    throw new AssertionError("null event in snapshot(): " + all);
                }
                int pr = e.label().charAt(1) - '0';
                int i = Integer.parseInt(e.label().substring(3));
                if (i > started.get(pr) || e.value() != i || e.timestamp() != BASE + i) {
                    throw new AssertionError("event never appended or torn: " + e);
                }
            }
            // Each of these calls the timestamp selector on every event it scans: a null would throw.
            store.count(from, to);
            store.sum(MetricEvent::value, from, to);
            store.snapshot(from, to);
            store.query().between(from, to).findFirst();
            store.copyPartition(1).forEach(e -> {
                if (e == null) {
                    throw new AssertionError("null in copyPartition(1)");
                }
            });
            WindowAggregate w = store.windowAggregate(from, to);
            if (w.count() < 0 || w.count() > PRODUCERS * PER_PRODUCER) {
                throw new AssertionError("window count out of range: " + w);
            }
        });
        run.execute();
    }
}
