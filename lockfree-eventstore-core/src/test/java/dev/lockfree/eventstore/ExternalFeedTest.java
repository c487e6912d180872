package dev.lockfree.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** An externally fed store: local appends refused, the one feed, source positions, per-partition clear/release. */
class ExternalFeedTest {

    private static final String PUBLISHER = "EventStorePublisher 'ordersEventPublisher'";

    private static EventStoreBuilder<Event> fed(int partitions, int capacity) {
        return EventStore.<Event>builder().withPartitions(partitions).withCapacityPerPartition(capacity)
                .withExternalFeed("orders", PUBLISHER);
    }

    @Test
    void everyLocalAppendPathIsRefusedNamingTheStoreAndThePublisher() {
        List<EventStore<Event>> stores = List.of(
                fed(4, 8).create(), // unkeyed, window tracking on but no selectors
                fed(4, 8).withWindowTracking(false).create(), // the unkeyed fast path of a normal store
                fed(4, 8).withKeySelector(Event::key).create(),
                fed(4, 8).withTimestampSelector(Event::timestamp).withValueSelector(Event::value).create());
        Event e = new Event(1, 1.0, 1000);
        for (EventStore<Event> store : stores) {
            List<Executable> appends = List.of(
                    () -> store.tryAppend(e),
                    () -> store.tryAppend(e, 1),
                    () -> store.tryAppend("key", e),
                    () -> store.tryAppendAll(List.of(e)),
                    () -> store.tryAppendAll(List.of(), 2),
                    () -> store.tryAppendAll(List.of()));
            for (Executable append : appends) {
                assertThatThrownBy(append::execute).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("Store 'orders'")
                        .hasMessageContaining(PUBLISHER)
                        .hasMessageContaining("refuses local appends");
            }
            assertThat(store.isExternallyFed()).isTrue();
            assertThat(store.count()).isZero();
            assertThat(store.statistics().totalAppended()).isZero();
        }
    }

    @Test
    void aNormalStoreHasNoFeedAndAFedStoreHandsOutExactlyOne() {
        EventStore<Event> normal = EventStore.<Event>builder().withPartitions(2).create();
        assertThat(normal.isExternallyFed()).isFalse();
        assertThatThrownBy(normal::claimFeed).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not externally fed");
        assertThat(normal.sourcePosition(0, 0)).isEmpty();

        EventStore<Event> store = fed(2, 4).create();
        PartitionFeed<Event> feed = store.claimFeed();
        assertThat(feed.owner()).isEqualTo(new ExternalFeed("orders", PUBLISHER));
        assertThatThrownBy(store::claimFeed).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("claimed already");
        assertThatThrownBy(() -> new ExternalFeed(" ", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFeedAppendsWithPositionsAndTheStoreBehavesAsUsual() {
        EventStore<Event> store = fed(2, 3).withTimestampSelector(Event::timestamp).withValueSelector(Event::value)
                .withWindow(Duration.ofSeconds(10), Duration.ofSeconds(1)).create();
        PartitionFeed<Event> feed = store.claimFeed();
        assertThat(feed.newestSourcePosition(1)).isEmpty();
        for (int offset = 10; offset < 15; offset++) {
            assertThat(feed.append(1, new Event(offset, offset, 1000L * offset), offset)).isTrue();
        }
        assertThat(store.copyPartition(1)).extracting(Event::key).containsExactly(12, 13, 14);
        assertThat(store.copyPartition(0)).isEmpty();
        assertThat(feed.newestSourcePosition(1)).hasValue(14);
        assertThat(store.sourcePosition(1, store.lastSequence(1))).hasValue(14);
        assertThat(store.sourcePosition(1, store.lastSequence(1) - 2)).hasValue(12);
        assertThat(store.statistics().totalAppended()).isEqualTo(5);
        assertThat(store.statistics().totalDiscarded()).isEqualTo(2);
        // arrival statistics, as for local appends: evicted events still count in their buckets
        assertThat(store.windowAggregate(Instant.ofEpochMilli(10_000), Instant.ofEpochMilli(15_000)).count())
                .isEqualTo(5);
        assertThatThrownBy(() -> feed.append(0, new Event(1, 1, 1), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> feed.append(2, new Event(1, 1, 1), 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void clearPartitionEmptiesOnePartitionAndItsBucketsOnly() {
        EventStore<Event> store = EventStore.<Event>builder().withPartitions(3).withCapacityPerPartition(10)
                .withTimestampSelector(Event::timestamp).withValueSelector(Event::value)
                .withWindow(Duration.ofSeconds(10), Duration.ofSeconds(1)).create();
        for (int p = 0; p < 3; p++) {
            for (int i = 0; i < 4; i++) {
                store.tryAppend(new Event(p, 1.0, 5_000), p);
            }
        }
        List<long[]> heard = new java.util.ArrayList<>();
        StoreInternals.of(store).addMaintenanceListener((partition, removed) -> heard.add(new long[] {partition, removed}));
        assertThat(store.clearPartition(1)).isEqualTo(4);
        assertThat(heard).hasSize(1);
        assertThat(heard.get(0)).containsExactly(1, 4);
        assertThat(store.partitionSize(1)).isZero();
        assertThat(store.count()).isEqualTo(8);
        assertThat(store.windowAggregate(Instant.ofEpochMilli(0), Instant.ofEpochMilli(10_000)).count()).isEqualTo(8);
        EventStoreStatistics stats = store.statistics();
        assertThat(stats.count()).isEqualTo(stats.totalAppended() - stats.totalDiscarded() - stats.totalCleared());
        assertThat(store.clearPartition(1)).isZero();
        assertThat(heard).hasSize(1); // nothing removed, nothing heard
        assertThatThrownBy(() -> store.clearPartition(3)).isInstanceOf(IndexOutOfBoundsException.class);
        // later appends are kept and counted
        store.tryAppend(new Event(1, 1.0, 5_000), 1);
        assertThat(store.copyPartition(1)).hasSize(1);
    }

    @Test
    void releaseEmptiesThePartitionAndListenersHearReleasedWhichDefaultsToRemoved() {
        EventStore<Event> store = fed(2, 8).create();
        PartitionFeed<Event> feed = store.claimFeed();
        for (int i = 0; i < 5; i++) {
            feed.append(0, new Event(i, i, i), 100 + i, i);
            feed.append(1, new Event(i, i, i), 200 + i, i);
        }
        List<String> heard = new java.util.ArrayList<>();
        StoreInternals.of(store).addMaintenanceListener((partition, removed) -> heard.add("removed " + partition + " " + removed));
        StoreInternals.of(store).addMaintenanceListener(new MaintenanceListener() {
            @Override
            public void removed(int partition, long removed) {
                heard.add("explicit removed " + partition);
            }

            @Override
            public void released(int partition, long removed) {
                heard.add("released " + partition + " " + removed);
            }
        });
        assertThat(feed.release(0)).isEqualTo(5);
        assertThat(heard).containsExactly("removed 0 5", "released 0 5");
        assertThat(store.partitionSize(0)).isZero();
        assertThat(feed.newestSourcePosition(0)).isEmpty();
        assertThat(store.copyPartition(1)).hasSize(5);
        // fed again after a release (re-assignment): sequences go on, positions follow
        feed.append(0, new Event(9, 9, 9), 400, 9);
        assertThat(feed.newestSourcePosition(0)).hasValue(400);
    }

    @Test
    void restoreRecordsTheSourcePositionOfTheNewestRestoredEvent() {
        EventStore<Event> store = fed(1, 4).create();
        PartitionFeed<Event> feed = store.claimFeed();
        List<Event> events = List.of(new Event(1, 1, 1), new Event(2, 2, 2), new Event(3, 3, 3), new Event(4, 4, 4),
                new Event(5, 5, 5));
        long[] timestamps = {1, 2, 3, 4, 5};
        assertThat(store.restorePartition(0, events, 41, OptionalLong.of(77), timestamps)).isEqualTo(4);
        assertThat(feed.newestSourcePosition(0)).hasValue(77);
        // the newest 4 fit, each with its own timestamp
        assertThat(StoreInternals.of(store).capture(0).timestamps()).containsExactly(2, 3, 4, 5);
        feed.append(0, new Event(6, 6, 6), 78, 6);
        assertThat(feed.newestSourcePosition(0)).hasValue(78);
        assertThat(store.lastSequence(0)).isEqualTo(42);
        // after a release, a restore into the used ring records the position too
        feed.release(0);
        assertThat(store.restorePartition(0, events.subList(0, 2), 3, OptionalLong.of(90), new long[] {1, 2}))
                .isEqualTo(2);
        assertThat(feed.newestSourcePosition(0)).hasValue(90);
        assertThat(store.copyPartition(0)).extracting(Event::key).containsExactly(1, 2);
        assertThat(StoreInternals.of(store).capture(0).timestamps()).containsExactly(1, 2);
    }
}
