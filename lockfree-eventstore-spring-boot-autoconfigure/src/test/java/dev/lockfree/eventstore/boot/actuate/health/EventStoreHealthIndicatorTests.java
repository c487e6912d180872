package dev.lockfree.eventstore.boot.actuate.health;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.OverflowPolicy;
import dev.lockfree.eventstore.boot.snapshot.SnapshotFixtures;
import dev.lockfree.eventstore.boot.snapshot.SnapshotFixtures.FlakyCodec;
import dev.lockfree.eventstore.boot.snapshot.SnapshotFixtures.MutableClock;
import dev.lockfree.eventstore.boot.snapshot.SnapshotFixtures.Persisted;
import dev.lockfree.eventstore.codec.EventCodecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class EventStoreHealthIndicatorTests {

    @TempDir
    Path dir;

    @Test
    void aStoreWithoutSnapshotsIsUpEvenWhenFull() {
        EventStore<Event> store = Event.storeBuilder().withPartitions(2).withCapacityPerPartition(2)
                .withOverflowPolicy(OverflowPolicy.REJECT).create();
        EventStoreHealthIndicator indicator = new EventStoreHealthIndicator(store, null, 3, Duration.ofSeconds(1));
        Health empty = indicator.health();
        assertThat(empty.getStatus()).isEqualTo(Status.UP);
        assertThat(empty.getDetails()).containsEntry("capacity", 4L).containsEntry("buffered", 0L)
                .containsEntry("full", false).containsEntry("snapshotEnabled", false);

        for (int i = 0; i < 6; i++) {
            store.tryAppend(new Event(i, i, i), i % 2);
        }
        Health full = indicator.health();
        assertThat(full.getStatus()).isEqualTo(Status.UP);
        assertThat(full.getDetails()).containsEntry("full", true).containsEntry("fullPartitions", 2L)
                .containsEntry("buffered", 4L).containsEntry("rejected", 2L);
    }

    @Test
    void downAfterTheConfiguredNumberOfConsecutiveFailuresAndUpAgainAfterASuccess() throws IOException {
        EventStore<Event> store = Event.storeBuilder().withPartitions(1).create();
        FlakyCodec codec = new FlakyCodec();
        try (Persisted persisted = SnapshotFixtures.persisted("orders", store, dir, codec,
                SnapshotFixtures.quickOptions().build())) {
            EventStoreHealthIndicator indicator = new EventStoreHealthIndicator(store, persisted.snapshots(), 3, null);
            store.tryAppend(new Event(1, 1, 1));
            store.tryAppend(new Event(2, 2, 2)); // a codec failing on every event of two is broken: the save fails
            codec.failing.set(true);
            persisted.snapshots().snapshotNow();
            persisted.snapshots().snapshotNow();
            Health twoFailures = indicator.health();
            assertThat(twoFailures.getStatus()).isEqualTo(Status.UP);
            assertThat(twoFailures.getDetails()).containsEntry("consecutiveFailures", 2)
                    .containsEntry("maxConsecutiveFailures", 3);
            assertThat((String) twoFailures.getDetails().get("lastError")).contains("snapshot.save of partition 0")
                    .contains("disk on fire");

            persisted.snapshots().snapshotNow();
            Health down = indicator.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) down.getDetails().get("reason")).contains("failed 3 times in a row");

            codec.failing.set(false);
            assertThat(persisted.snapshots().snapshotNow()).isEqualTo(1);
            Health recovered = indicator.health();
            assertThat(recovered.getStatus()).isEqualTo(Status.UP);
            assertThat(recovered.getDetails()).containsEntry("consecutiveFailures", 0).containsKey("lastSnapshot");
        }
    }

    @Test
    void downWhenChangesWaitLongerThanTheMaximumSnapshotAge() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
        EventStore<Event> store = Event.storeBuilder().withPartitions(1).withClock(clock).create();
        // an hour between time triggers: the snapshotter will not write during the test, so changes stay pending
        try (Persisted persisted = SnapshotFixtures.persisted("orders", store, dir, EventCodecs.event(),
                SnapshotFixtures.quickOptions().build()).start()) {
            EventStoreHealthIndicator indicator = new EventStoreHealthIndicator(store, persisted.snapshots(), 3,
                    Duration.ofMinutes(1));
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
            store.tryAppend(new Event(1, 1, 1));
            await().atMost(Duration.ofSeconds(5)).until(() -> indicator.health().getDetails().containsKey("pendingSince"));
            assertThat(indicator.health().getDetails()).containsEntry("pendingSince", "2026-11-27T10:00:00Z");

            clock.advance(Duration.ofSeconds(60));
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP); // exactly the bound is still fine
            clock.advance(Duration.ofSeconds(1));
            Health stale = indicator.health();
            assertThat(stale.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) stale.getDetails().get("reason")).contains("waited 61s").contains("PT1M");

            assertThat(persisted.snapshots().snapshotNow()).isEqualTo(1);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        }
    }

    @Test
    void anIdleStoreIsNeverStale() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
        EventStore<Event> store = Event.storeBuilder().withPartitions(1).withClock(clock).create();
        try (Persisted persisted = SnapshotFixtures.persisted("orders", store, dir, EventCodecs.event(),
                SnapshotFixtures.quickOptions().build()).start()) {
            store.tryAppend(new Event(1, 1, 1));
            assertThat(persisted.snapshots().snapshotNow()).isEqualTo(1);
            EventStoreHealthIndicator indicator = new EventStoreHealthIndicator(store, persisted.snapshots(), 3,
                    Duration.ofMinutes(1));
            clock.advance(Duration.ofDays(1)); // the last snapshot is old, but nothing waits to be written
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        }
    }

    @Test
    void theFailureThresholdMustBePositive() {
        EventStore<Event> store = Event.storeBuilder().withPartitions(1).create();
        assertThatIllegalArgumentException().isThrownBy(() -> new EventStoreHealthIndicator(store, null, 0, null))
                .withMessageContaining("maxConsecutiveFailures must be >= 1 but was 0");
    }
}
