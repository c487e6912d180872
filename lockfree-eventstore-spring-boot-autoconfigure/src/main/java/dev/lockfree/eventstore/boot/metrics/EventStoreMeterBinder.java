package dev.lockfree.eventstore.boot.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreStatistics;
import dev.lockfree.eventstore.PartitionStatistics;
import dev.lockfree.eventstore.boot.snapshot.StoreSnapshots;
import dev.lockfree.eventstore.snapshot.SnapshotterMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one store, tagged {@code store=<name>}. Monotonic totals are function counters (the
 * registry decides between cumulative values and rates), levels are gauges. Durations of snapshot saves,
 * prunes and restores come from their Observations, not from here.
 *
 * <p>Names are chosen so that each reads once in Prometheus: the word "events" is in the name, never repeated
 * as a base unit ({@code eventstore_events_appended_total}, not {@code eventstore_events_appended_events_total});
 * bytes and seconds stay units ({@code eventstore_snapshot_written_bytes_total}). A name has the same tag keys
 * in both modes except for {@code partition}, which the per-partition meters gain with partition tags on: the
 * maintenance counters ({@code removed}, {@code restored}) stay per store, so {@code reason} never disappears.
 *
 * <table>
 * <caption>Meters (Micrometer name, Prometheus name)</caption>
 * <tr><th>Name</th><th>Prometheus</th><th>Type</th><th>Notes</th></tr>
 * <tr><td>eventstore.events.appended, .discarded, .rejected, .late</td>
 *     <td>eventstore_events_appended_total, ...</td><td>function counter</td>
 *     <td>one series per partition (tag {@code partition}) with partition tags</td></tr>
 * <tr><td>eventstore.events.removed</td><td>eventstore_events_removed_total</td><td>function counter</td>
 *     <td>tag {@code reason=purge|clear}; per store in both modes</td></tr>
 * <tr><td>eventstore.events.restored</td><td>eventstore_events_restored_total</td><td>function counter</td>
 *     <td>put back from snapshots</td></tr>
 * <tr><td>eventstore.events.buffered</td><td>eventstore_events_buffered</td><td>gauge</td>
 *     <td>retained now; per partition with partition tags</td></tr>
 * <tr><td>eventstore.events.capacity</td><td>eventstore_events_capacity</td><td>gauge</td><td></td></tr>
 * <tr><td>eventstore.partitions</td><td>eventstore_partitions</td><td>gauge</td><td></td></tr>
 * <tr><td>eventstore.snapshot.failures</td><td>eventstore_snapshot_failures_total</td><td>function counter</td>
 *     <td>saves failed after retries</td></tr>
 * <tr><td>eventstore.snapshot.dropped</td><td>eventstore_snapshot_dropped_total</td><td>function counter</td>
 *     <td>triggers that found the queue full</td></tr>
 * <tr><td>eventstore.snapshot.events.skipped</td><td>eventstore_snapshot_events_skipped_total</td>
 *     <td>function counter</td>
 *     <td>left out of snapshots because the codec failed on them, each once; every other event was written</td></tr>
 * <tr><td>eventstore.snapshot.written</td><td>eventstore_snapshot_written_bytes_total</td>
 *     <td>function counter</td><td></td></tr>
 * <tr><td>eventstore.snapshot.size</td><td>eventstore_snapshot_size_bytes</td><td>gauge</td>
 *     <td>newest snapshot of every partition</td></tr>
 * <tr><td>eventstore.snapshot.events.pending</td><td>eventstore_snapshot_events_pending</td><td>gauge</td>
 *     <td>not yet snapshotted</td></tr>
 * <tr><td>eventstore.snapshot.failures.consecutive</td><td>eventstore_snapshot_failures_consecutive</td>
 *     <td>gauge</td><td>worst partition</td></tr>
 * <tr><td>eventstore.snapshot.age</td><td>eventstore_snapshot_age_seconds</td><td>time gauge</td>
 *     <td>since the newest snapshot; NaN before</td></tr>
 * <tr><td>eventstore.snapshot.pending.age</td><td>eventstore_snapshot_pending_age_seconds</td><td>time gauge</td>
 *     <td>longest wait of unsnapshotted changes; 0 when none</td></tr>
 * </table>
 * The snapshot meters exist only for persisted stores.
 */
public class EventStoreMeterBinder implements MeterBinder {

    /** How long one reading of the store's statistics serves the meters of a scrape. */
    public static final Duration DEFAULT_READING_MAX_AGE = Duration.ofMillis(100);

    private final EventStore<?> store;
    private final @Nullable StoreSnapshots snapshots;
    private final boolean partitionTags;
    private final Tags tags;
    private final Memo<EventStoreStatistics> statistics;
    private final @Nullable Memo<Optional<SnapshotterMetrics>> snapshotMetrics;

    /**
     * @param snapshots      the store's persistence, {@code null} when it is not persisted
     * @param partitionTags  whether event meters carry a {@code partition} tag
     * @param readingMaxAge  how long one reading of the counters is reused; zero to read on every access
     */
    public EventStoreMeterBinder(String storeName, EventStore<?> store, @Nullable StoreSnapshots snapshots,
                                 boolean partitionTags, Duration readingMaxAge) {
        this.store = store;
        this.snapshots = snapshots;
        this.partitionTags = partitionTags;
        this.tags = Tags.of("store", storeName);
        this.statistics = new Memo<>(store::statistics, readingMaxAge);
        this.snapshotMetrics = snapshots == null ? null : new Memo<>(snapshots::metrics, readingMaxAge);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        // the meters observe this binder, which the application context keeps alive
        if (partitionTags) {
            for (int p = 0; p < store.partitions(); p++) {
                bindPartition(registry, p);
            }
        } else {
            counter(registry, "eventstore.events.appended", "Events appended", tags, s -> s.totalAppended());
            counter(registry, "eventstore.events.discarded", "Events evicted to make room for new ones", tags,
                    s -> s.totalDiscarded());
            counter(registry, "eventstore.events.rejected", "Appends refused by a full partition", tags,
                    s -> s.totalRejected());
            counter(registry, "eventstore.events.late", "Events too old for the time window", tags,
                    s -> s.lateEvents());
            Gauge.builder("eventstore.events.buffered", this, b -> b.statistics.get().count())
                    .description("Events retained now").tags(tags).register(registry);
        }
        // per store in both modes: clear and purge are store-wide operations, and the reason tag stays
        counter(registry, "eventstore.events.removed", "Events removed by purge or clear",
                tags.and("reason", "purge"), s -> s.totalPurged());
        counter(registry, "eventstore.events.removed", "Events removed by purge or clear",
                tags.and("reason", "clear"), s -> s.totalCleared());
        counter(registry, "eventstore.events.restored", "Events put back from snapshots", tags,
                s -> s.totalRestored());
        Gauge.builder("eventstore.events.capacity", store, s -> s.options().totalCapacity())
                .description("Events the store keeps at most").tags(tags).register(registry);
        Gauge.builder("eventstore.partitions", store, EventStore::partitions).description("Number of partitions")
                .tags(tags).register(registry);
        if (snapshots != null) {
            bindSnapshots(registry, snapshots);
        }
    }

    private void bindPartition(MeterRegistry registry, int p) {
        Tags partition = tags.and("partition", Integer.toString(p));
        counter(registry, "eventstore.events.appended", "Events appended", partition,
                s -> s.partitions().get(p).appended());
        counter(registry, "eventstore.events.discarded", "Events evicted to make room for new ones", partition,
                s -> s.partitions().get(p).discarded());
        counter(registry, "eventstore.events.rejected", "Appends refused by a full partition", partition,
                s -> s.partitions().get(p).rejected());
        counter(registry, "eventstore.events.late", "Events too old for the time window", partition,
                s -> s.partitions().get(p).lateEvents());
        Gauge.builder("eventstore.events.buffered", this, b -> b.statistics.get().partitions().get(p).count())
                .description("Events retained now").tags(partition).register(registry);
    }

    private void bindSnapshots(MeterRegistry registry, StoreSnapshots persisted) {
        snapshotCounter(registry, "eventstore.snapshot.failures", "Snapshot saves that failed after their retries",
                null, SnapshotterMetrics::totalFailedJobs);
        snapshotCounter(registry, "eventstore.snapshot.dropped",
                "Snapshot triggers that found the job queue full (retried at the next tick)", null,
                SnapshotterMetrics::droppedJobs);
        snapshotCounter(registry, "eventstore.snapshot.written", "Bytes written by snapshot saves", BaseUnits.BYTES,
                SnapshotterMetrics::bytesWritten);
        snapshotCounter(registry, "eventstore.snapshot.events.skipped",
                "Events left out of snapshots because the codec failed on them, each counted once (the other events "
                        + "of their partition were written)", null, SnapshotterMetrics::skippedEvents);
        Gauge.builder("eventstore.snapshot.size", persisted, StoreSnapshots::lastSnapshotBytes)
                .description("Size of the newest snapshot of every partition, summed").baseUnit(BaseUnits.BYTES)
                .tags(tags).register(registry);
        Gauge.builder("eventstore.snapshot.events.pending", this,
                        b -> b.snapshotValue(StoreSnapshots::pendingEvents))
                .description("Events appended since the last snapshot of their partition").tags(tags)
                .register(registry);
        Gauge.builder("eventstore.snapshot.failures.consecutive", this,
                        b -> b.snapshotValue(StoreSnapshots::consecutiveFailures))
                .description("Most snapshot saves in a row that failed for one partition").tags(tags)
                .register(registry);
        TimeGauge.builder("eventstore.snapshot.age", this, TimeUnit.MILLISECONDS,
                        b -> b.snapshotValue(m -> StoreSnapshots.lastSnapshotAt(m).map(b::millisSince)
                                .orElse(Double.NaN)))
                .description("Time since the newest successful snapshot of any partition").tags(tags)
                .register(registry);
        TimeGauge.builder("eventstore.snapshot.pending.age", this, TimeUnit.MILLISECONDS,
                        b -> b.snapshotValue(m -> StoreSnapshots.oldestPendingChange(m).map(b::millisSince)
                                .orElse(0.0)))
                .description("How long the longest-waiting changes have not been snapshotted").tags(tags)
                .register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, Tags meterTags,
                         ToDoubleFunction<EventStoreStatistics> value) {
        FunctionCounter.builder(name, this, b -> value.applyAsDouble(b.statistics.get()))
                .description(description).tags(meterTags).register(registry);
    }

    private void snapshotCounter(MeterRegistry registry, String name, String description, @Nullable String unit,
                                 ToDoubleFunction<SnapshotterMetrics> value) {
        FunctionCounter.builder(name, this, b -> b.snapshotValue(value::applyAsDouble))
                .description(description).baseUnit(unit).tags(tags).register(registry); // null unit: none
    }

    /**
     * The value from the snapshotter's counters; 0 before the snapshot lifecycle started. Only the snapshot
     * meters call it, and {@link #bindTo} binds those only when {@code snapshotMetrics} is set.
     */
    private double snapshotValue(Function<SnapshotterMetrics, ? extends Number> value) {
        return Objects.requireNonNull(snapshotMetrics).get().map(m -> value.apply(m).doubleValue()).orElse(0.0);
    }

    private double millisSince(Instant instant) {
        return Math.max(0, store.options().clock().millis() - instant.toEpochMilli());
    }
}
