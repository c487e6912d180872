package dev.lockfree.sample.dashboard.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreStatistics;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.boot.snapshot.EventStoreSnapshotLifecycle;
import dev.lockfree.eventstore.boot.snapshot.StoreSnapshots;
import dev.lockfree.eventstore.snapshot.SnapshotterMetrics;
import dev.lockfree.sample.dashboard.dashboard.Dashboard.LabelSelection;
import dev.lockfree.sample.dashboard.dashboard.Dashboard.SnapshotStatus;
import dev.lockfree.sample.dashboard.dashboard.Dashboard.StoreView;
import dev.lockfree.sample.dashboard.dashboard.Dashboard.Window;
import dev.lockfree.sample.dashboard.kafka.KafkaDashboard;
import dev.lockfree.sample.dashboard.web.InvalidRequestException;

/**
 * The data behind the dashboard page ({@code static/index.html}, served at {@code /}): windowed metrics per label
 * and the state of every store. One scan of the {@code metrics} store per request, and a bounded answer: at most
 * {@value #MAX_LABELS} labels and {@value #MAX_BUCKETS} buckets.
 */
@RestController
public class DashboardController {

    static final String METRICS_STORE = "metrics";
    static final int MAX_MINUTES = 60;
    static final int MAX_STEP_SECONDS = 300;
    static final int MAX_BUCKETS = 720;
    static final int MAX_LABELS = 8;
    static final String ORDERED_BY = "count in the window, descending, then label";

    private final EventStoreRegistry stores;
    private final EventStore<MetricEvent> metrics;
    private final Clock clock;
    private final ObjectProvider<EventStoreSnapshotLifecycle> snapshots;
    private final ObjectProvider<KafkaDashboard> kafka;

    /**
     * @param snapshots the snapshot lifecycle, absent when snapshots are off
     * @param kafka     the Kafka part of the answer, present with the kafka profile only
     */
    public DashboardController(EventStoreRegistry stores, Clock clock,
                               ObjectProvider<EventStoreSnapshotLifecycle> snapshots,
                               ObjectProvider<KafkaDashboard> kafka) {
        this.stores = stores;
        this.metrics = stores.get(METRICS_STORE, MetricEvent.class);
        this.clock = clock;
        this.snapshots = snapshots;
        this.kafka = kafka;
    }

    /**
     * @param minutes how far back to read, 1 to {@value #MAX_MINUTES}
     * @param step    bucket width in seconds, 1 to {@value #MAX_STEP_SECONDS}; buckets are aligned on multiples of
     *                the step since the epoch, the newest one is the current, partial, bucket
     */
    @GetMapping("/api/dashboard")
    public Dashboard dashboard(@RequestParam(defaultValue = "5") int minutes,
                               @RequestParam(defaultValue = "10") int step) {
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new InvalidRequestException("minutes", "minutes must be between 1 and " + MAX_MINUTES
                    + ", was " + minutes);
        }
        if (step < 1 || step > MAX_STEP_SECONDS) {
            throw new InvalidRequestException("step", "step must be between 1 and " + MAX_STEP_SECONDS
                    + " seconds, was " + step);
        }
        long stepMillis = step * 1000L;
        int buckets = (int) ((minutes * 60L + step - 1) / step);
        if (buckets > MAX_BUCKETS) {
            throw new InvalidRequestException("step", "minutes * 60 / step must be at most " + MAX_BUCKETS
                    + " buckets, was " + buckets + " (minutes=" + minutes + ", step=" + step
                    + "); choose a larger step");
        }
        Instant now = clock.instant();
        long end = Math.floorDiv(now.toEpochMilli(), stepMillis) * stepMillis + stepMillis;
        long start = end - buckets * stepMillis;
        Instant from = Instant.ofEpochMilli(start);
        Instant to = Instant.ofEpochMilli(end - 1);

        MetricBuckets table = new MetricBuckets(start, stepMillis, buckets);
        metrics.query().between(from, to).forEach(table::add);

        List<Long> bucketStarts = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            bucketStarts.add(start + b * stepMillis);
        }
        var series = table.top(MAX_LABELS);
        LabelSelection labels = new LabelSelection(table.labelCount(), series.size(),
                table.labelCount() - series.size(), MAX_LABELS, ORDERED_BY);
        return new Dashboard(now, new Window(from, to, minutes, step, buckets), bucketStarts, labels, series,
                storeViews(now), kafkaView());
    }

    private KafkaDashboard.View kafkaView() {
        KafkaDashboard view = kafka.getIfAvailable();
        return view == null ? null : view.view();
    }

    private List<StoreView> storeViews(Instant now) {
        EventStoreSnapshotLifecycle lifecycle = snapshots.getIfAvailable();
        List<StoreView> views = new ArrayList<>();
        for (EventStoreRegistry.Entry<?> entry : stores.entries()) {
            EventStoreStatistics s = entry.store().statistics();
            double fill = s.capacity() == 0 ? 0 : Math.min(1.0, (double) s.count() / s.capacity());
            views.add(new StoreView(entry.name(), s.count(), s.capacity(), fill, s.appendsPerSecond(),
                    s.lastAppendTime().orElse(null), s.totalAppended(), s.totalDiscarded(), s.totalRejected(),
                    snapshotStatus(EventStoreSnapshotLifecycle.snapshotsOf(lifecycle, entry.name()), now)));
        }
        return views;
    }

    /** What the page shows of a store's snapshots: some of the Actuator endpoint's values, never its error text. */
    private static SnapshotStatus snapshotStatus(StoreSnapshots persisted, Instant now) {
        if (persisted == null) {
            return SnapshotStatus.OFF;
        }
        SnapshotterMetrics metrics = persisted.metrics().orElse(null);
        if (metrics == null) {
            return new SnapshotStatus(true, persisted.isRunning(), null, null, 0, 0);
        }
        Instant last = StoreSnapshots.lastSnapshotAt(metrics).orElse(null);
        Long age = last == null ? null : Math.max(0, Duration.between(last, now).toSeconds());
        return new SnapshotStatus(true, persisted.isRunning(), last, age, StoreSnapshots.pendingEvents(metrics),
                StoreSnapshots.consecutiveFailures(metrics));
    }
}
