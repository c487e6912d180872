package dev.lockfree.sample.dashboard.dashboard;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.lockfree.sample.dashboard.kafka.KafkaDashboard;

/**
 * The body of {@code GET /api/dashboard}: everything the dashboard page draws, computed from one scan of the
 * {@code metrics} store plus the statistics of every store. Bucket arrays are columnar (one value per entry of
 * {@code bucketStarts}) because that is what a chart library plots without reshaping.
 *
 * @param generatedAt  when the answer was computed
 * @param window       the time range read and how it is cut into buckets
 * @param bucketStarts start of each bucket, epoch milliseconds, oldest first
 * @param labels       how many labels the window holds and how many are shown
 * @param series       the shown labels, most events first
 * @param stores       every store of the app, in declaration order, with its snapshot status
 * @param kafka        with the kafka profile only (absent from the JSON otherwise): the partitions this instance
 *                     owns, their lag, and the cluster's totals with any missing partitions
 */
public record Dashboard(Instant generatedAt, Window window, List<Long> bucketStarts, LabelSelection labels,
                        List<LabelSeries> series, List<StoreView> stores,
                        @JsonInclude(JsonInclude.Include.NON_NULL) KafkaDashboard.View kafka) {

    /**
     * @param from        first instant read (inclusive), the start of the oldest bucket
     * @param to          last instant read (inclusive), the end of the newest (current, partial) bucket
     * @param minutes     the requested length
     * @param stepSeconds width of one bucket
     * @param buckets     number of buckets
     */
    public record Window(Instant from, Instant to, int minutes, int stepSeconds, int buckets) {
    }

    /**
     * @param total     distinct labels with at least one event in the window
     * @param shown     labels in {@code series}: at most {@code limit}
     * @param omitted   {@code total - shown}
     * @param limit     the most labels ever shown
     * @param orderedBy how the shown labels were chosen
     */
    public record LabelSelection(int total, int shown, int omitted, int limit, String orderedBy) {
    }

    /**
     * One label over the window: totals, then one entry per bucket. {@code min}, {@code max}, {@code avg} (and
     * their bucket entries) are {@code null} where the label has no event. A sum that left the range of a double
     * is {@code null}, as are the averages drawn from it, and {@code overflow} is then true.
     */
    public record LabelSeries(String label, long count, Double sum, Double min, Double max, Double avg,
                              boolean overflow, long[] counts, Double[] avgs, Double[] mins, Double[] maxs) {
    }

    /**
     * @param buffered         events retained now
     * @param capacity         the most events it retains
     * @param fill             {@code buffered / capacity}, 0 to 1
     * @param appendsPerSecond recent append rate, as sampled by statistics reads
     * @param lastAppend       when an append was last seen, {@code null} if none since start
     * @param snapshot         its snapshot persistence
     */
    public record StoreView(String name, long buffered, int capacity, double fill, double appendsPerSecond,
                            Instant lastAppend, long appended, long discarded, long rejected,
                            SnapshotStatus snapshot) {
    }

    /**
     * Snapshot persistence of one store, as the page shows it to anyone: counts and times, no error text and no
     * path (the Actuator {@code eventstore} endpoint has those, for the role ADMIN).
     *
     * @param enabled             whether the store is persisted
     * @param running             whether periodic snapshots run now
     * @param lastSnapshot        newest successful snapshot (written or restored) of any partition, {@code null} if
     *                            none
     * @param ageSeconds          seconds from {@code lastSnapshot} to {@code generatedAt}, {@code null} if none
     * @param pendingEvents       events appended since the last snapshot of their partition
     * @param consecutiveFailures the most saves in a row that failed for one partition
     */
    public record SnapshotStatus(boolean enabled, boolean running, Instant lastSnapshot, Long ageSeconds,
                                 long pendingEvents, int consecutiveFailures) {

        static final SnapshotStatus OFF = new SnapshotStatus(false, false, null, null, 0, 0);
    }
}
