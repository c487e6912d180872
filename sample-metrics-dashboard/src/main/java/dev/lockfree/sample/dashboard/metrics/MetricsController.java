package dev.lockfree.sample.dashboard.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.PartitionStatistics;
import dev.lockfree.eventstore.WindowAggregate;
import dev.lockfree.eventstore.kafka.EventStorePublisher;
import dev.lockfree.sample.dashboard.web.InvalidRequestException;
import dev.lockfree.sample.dashboard.web.JsonFields;
import dev.lockfree.sample.dashboard.web.PublishFailedException;
import dev.lockfree.sample.dashboard.web.StoreFullException;
import dev.lockfree.sample.dashboard.web.TimeRange;

import tools.jackson.databind.JsonNode;

/**
 * The MetricsDashboard routes of the C# seed (plus {@code /metrics/top}, which it documented and never
 * shipped). Label-filtered queries scan the retained events of the {@code metrics} store; everything is
 * answered from memory, nothing blocks the producers.
 */
@RestController
@RequestMapping("/metrics")
public class MetricsController {

    static final String STORE = "metrics";
    static final int MAX_MINUTES = 7 * 24 * 60;
    static final int MAX_TOP = 1000;

    /** How long a post waits for the broker when the store is Kafka-fed. */
    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);

    private final EventStore<MetricEvent> metrics;
    private final Clock clock;
    private final EventStorePublisher<MetricEvent> publisher;

    /**
     * @param publisher present when the {@code metrics} store is fed by a Kafka topic (kafka profile): a posted
     *                  metric then goes to the topic, and reaches the store through whichever instance owns its
     *                  partition; the store itself refuses local appends
     */
    @Autowired
    public MetricsController(EventStore<MetricEvent> metrics, Clock clock,
                             ObjectProvider<EventStorePublisher<MetricEvent>> publisher) {
        this(metrics, clock, publisher.getIfAvailable());
    }

    /** A controller over a locally appended store (no publisher) or one fed through {@code publisher}. */
    MetricsController(EventStore<MetricEvent> metrics, Clock clock, EventStorePublisher<MetricEvent> publisher) {
        this.metrics = metrics;
        this.clock = clock;
        this.publisher = publisher;
    }

    public record AcceptedMetric(String label, double value, Instant timestamp) {
    }

    /**
     * {@code sum} is {@code null} and {@code overflow} true when the sum left the range of a double (every value
     * is finite, their sum need not be): the app never answers a non-finite number.
     */
    public record LabelSum(String label, Double sum, boolean overflow, Instant from, Instant to) {

        static LabelSum of(String label, double sum, Instant from, Instant to) {
            return new LabelSum(label, Double.isFinite(sum) ? sum : null, !Double.isFinite(sum), from, to);
        }
    }

    public record WindowBounds(Instant from, Instant to, String label) {
    }

    /**
     * {@code min}, {@code max} and {@code avg} are {@code null} when no event matched; {@code sum} and
     * {@code avg} are {@code null} and {@code overflow} true when the sum left the range of a double.
     */
    public record WindowStats(long count, Double sum, Double min, Double max, Double avg, boolean overflow,
                              WindowBounds window) {

        static WindowStats of(DoubleSummaryStatistics stats, WindowBounds window) {
            boolean any = stats.getCount() > 0;
            boolean overflow = !Double.isFinite(stats.getSum());
            return new WindowStats(stats.getCount(), overflow ? null : stats.getSum(), any ? stats.getMin() : null,
                    any ? stats.getMax() : null, any && !overflow ? stats.getAverage() : null, overflow, window);
        }
    }

    /** {@code value} (the label's sum) is {@code null} and {@code overflow} true when it left the range of a double. */
    public record LabelValue(String label, Double value, boolean overflow) {
    }

    /**
     * One partition's counts for {@code /metrics/snapshot-views}: a copy of its statistics, not a live
     * {@link dev.lockfree.eventstore.PartitionView} (docs/glossary.md).
     */
    public record PartitionSummary(int partition, int count, int capacity, long appended, boolean isEmpty,
                                boolean isFull) {
    }

    /** The body of {@code /metrics/snapshot-views}, a route named by the C# seed; the content is counts. */
    public record SnapshotViews(int partitions, long totalEvents, List<PartitionSummary> views) {
    }

    public record ProcessedEvents(long processed, long highCpuCount) {
    }

    /** The time buckets an aggregate covered: {@code [from, to)}, aligned to the bucket width. */
    public record CoveredBuckets(Instant from, Instant to) {
    }

    /**
     * As {@link WindowStats}: {@code min}, {@code max}, {@code avg} {@code null} when no metric arrived in the
     * buckets, {@code sum} and {@code avg} {@code null} with {@code overflow} true when the sum left the range of
     * a double.
     */
    public record BucketStats(long count, Double sum, Double min, Double max, Double avg, boolean overflow,
                              CoveredBuckets window) {

        static BucketStats of(WindowAggregate aggregate) {
            boolean any = aggregate.count() > 0;
            boolean overflow = !Double.isFinite(aggregate.sum());
            return new BucketStats(aggregate.count(), overflow ? null : aggregate.sum(),
                    any ? aggregate.min() : null, any ? aggregate.max() : null,
                    any && !overflow ? aggregate.average() : null, overflow,
                    new CoveredBuckets(aggregate.from(), aggregate.to()));
        }
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    public AcceptedMetric append(@RequestBody JsonNode body) {
        JsonFields.requireObject(body);
        String label = JsonFields.requiredText(body, "label");
        double value = JsonFields.requiredFiniteNumber(body, "value");
        Instant timestamp = JsonFields.optionalInstant(body, "timestamp", clock.instant());
        MetricEvent event = new MetricEvent(label, value, timestamp.toEpochMilli());
        if (publisher != null) {
            publish(event);
        } else if (!metrics.tryAppend(event)) {
            throw new StoreFullException(STORE);
        }
        return new AcceptedMetric(label, value, event.instant());
    }

    /** Accepted once the broker acknowledged it: a 202 never stands for a metric that was lost. */
    private void publish(MetricEvent event) {
        try {
            publisher.publish(event).get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new PublishFailedException("publishing the metric to topic '" + publisher.topic() + "' failed: "
                    + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new PublishFailedException("the broker did not acknowledge the metric within " + PUBLISH_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while publishing the metric", e);
        }
    }

    @GetMapping("/sum")
    public LabelSum sum(@RequestParam String label, @RequestParam(required = false) Instant from,
                        @RequestParam(required = false) Instant to) {
        String checked = JsonFields.checkText("label", label);
        TimeRange range = TimeRange.of(from, to);
        double sum = metrics.query().where(e -> e.label().equals(checked)).between(range.from(), range.to())
                .sum(MetricEvent.VALUE);
        return LabelSum.of(checked, sum, range.from(), range.to());
    }

    @GetMapping("/sum-window")
    public LabelSum sumWindow(@RequestParam String label, @RequestParam(defaultValue = "10") int minutes) {
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new InvalidRequestException("minutes", "minutes must be between 1 and " + MAX_MINUTES
                    + ", was " + minutes);
        }
        Instant to = clock.instant();
        return sum(label, to.minus(Duration.ofMinutes(minutes)), to);
    }

    @GetMapping("/window")
    public WindowStats window(@RequestParam(required = false) String label,
                              @RequestParam(required = false) Instant from,
                              @RequestParam(required = false) Instant to) {
        String checked = label == null ? null : JsonFields.checkText("label", label);
        TimeRange range = TimeRange.of(from, to);
        var query = metrics.query().between(range.from(), range.to());
        if (checked != null) {
            query.where(e -> e.label().equals(checked));
        }
        return WindowStats.of(query.summarize(MetricEvent.VALUE), new WindowBounds(range.from(), range.to(), checked));
    }

    @GetMapping("/top")
    public List<LabelValue> top(@RequestParam(defaultValue = "3") int k, @RequestParam(required = false) Instant from,
                                @RequestParam(required = false) Instant to) {
        if (k < 1 || k > MAX_TOP) {
            throw new InvalidRequestException("k", "k must be between 1 and " + MAX_TOP + ", was " + k);
        }
        TimeRange range = TimeRange.of(from, to);
        Map<String, DoubleSummaryStatistics> byLabel = metrics.query().between(range.from(), range.to())
                .summarizeBy(MetricEvent.LABEL, MetricEvent.VALUE);
        // An overflowed sum is beyond every finite one: it ranks first (+) or last (-), as the raw double would.
        return byLabel.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, DoubleSummaryStatistics> e) ->
                                e.getValue().getSum()).reversed().thenComparing(Map.Entry::getKey))
                .limit(k)
                .map(e -> {
                    double sum = e.getValue().getSum();
                    return new LabelValue(e.getKey(), Double.isFinite(sum) ? sum : null, !Double.isFinite(sum));
                })
                .toList();
    }

    @GetMapping("/snapshot-views")
    public SnapshotViews snapshotViews() {
        List<PartitionStatistics> partitions = metrics.statistics().partitions();
        List<PartitionSummary> views = partitions.stream()
                .map(p -> new PartitionSummary(p.partition(), p.count(), p.capacity(), p.appended(), p.count() == 0,
                        p.isFull()))
                .toList();
        long total = views.stream().mapToLong(PartitionSummary::count).sum();
        return new SnapshotViews(views.size(), total, views);
    }

    /**
     * The C# seed's {@code /metrics/aggregate-zero-alloc}: count, sum, min, max and average of every metric,
     * answered from the store's time buckets ({@link EventStore#windowAggregate(Instant, Instant)}), so nothing is
     * allocated per event and the cost (O(buckets)) does not grow with the number of metrics stored; the C# seed
     * got there by walking its zero-copy views. The answer differs from {@code /metrics/window}'s exact scan in
     * two ways, both inherent to buckets: it covers whole buckets (the bucket holding {@code from} up to the one
     * holding {@code to}, reported in {@code window}), and it counts every metric that arrived in them, including
     * those the ring has since evicted. A {@code from} older than the tracked horizon (the buckets of the store's
     * window size ending at the current one) is refused rather than answered with a silently partial total.
     *
     * @param from default: the start of the oldest tracked bucket
     * @param to   default: now; inclusive, like every other route's bound
     */
    @GetMapping("/aggregate-zero-alloc")
    public BucketStats aggregateZeroAlloc(@RequestParam(required = false) Instant from,
                                          @RequestParam(required = false) Instant to) {
        TimeRange.of(from, to); // refuses unrepresentable bounds and from after to, naming the parameter
        long width = metrics.options().bucketWidth().toMillis();
        long oldestTrackedPeriod = Math.floorDiv(clock.millis(), width) - metrics.options().bucketCount() + 1;
        Instant horizon = Instant.ofEpochMilli(oldestTrackedPeriod * width);
        if (to != null && to.isBefore(horizon)) {
            throw beyondHorizon("to", to, horizon);
        }
        if (from != null && from.isBefore(horizon)) {
            throw beyondHorizon("from", from, horizon);
        }
        Instant upTo = to != null ? to : clock.instant();
        Instant since = from != null ? from : horizon;
        if (since.isAfter(upTo)) {
            throw new InvalidRequestException("from", "from (" + since + ") must not be after to (" + upTo
                    + ", now when not given)");
        }
        return BucketStats.of(metrics.windowAggregate(since, upTo.plusMillis(1)));
    }

    private InvalidRequestException beyondHorizon(String parameter, Instant value, Instant horizon) {
        return new InvalidRequestException(parameter, parameter + " (" + value + ") is older than the time buckets of "
                + "the " + STORE + " store, which reach back to " + horizon + " (its window of "
                + metrics.options().windowSize() + "); /metrics/window scans every retained metric instead");
    }

    /** The C# seed's CPU check: every event is processed; {@code highCpuCount} = value over 50 whose label contains {@code label}. */
    @GetMapping("/process-events")
    public ProcessedEvents processEvents(@RequestParam(required = false) String label) {
        String checked = label == null ? null : JsonFields.checkText("label", label);
        long[] counts = new long[2];
        metrics.query().forEach(e -> {
            counts[0]++;
            if (e.value() > 50 && (checked == null || e.label().contains(checked))) {
                counts[1]++;
            }
        });
        return new ProcessedEvents(counts[0], counts[1]);
    }
}
