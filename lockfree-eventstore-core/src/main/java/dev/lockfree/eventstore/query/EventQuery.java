package dev.lockfree.eventstore.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A read over the retained events: choose what to read (filter, inclusive time bounds on each event's
 * own timestamp, one partition, a limit), then one terminal operation. Partitions are read in index
 * order, each oldest first. Terminal operations other than {@link #toList()} stream over the events
 * without copying them and stop early where they can.
 *
 * <p>A query is a small mutable builder: configure it, run it, and do not share it between threads.
 * It can be run more than once; each run reads the store afresh.
 */
public final class EventQuery<E> {

    private final EventSource<E> source;
    private Predicate<? super E> filter;
    private Instant from;
    private Instant to;
    private int partition = -1;
    private long limit = Long.MAX_VALUE;

    public EventQuery(EventSource<E> source) {
        this.source = Objects.requireNonNull(source, "source must not be null");
    }

    /** Keeps only events matching {@code condition} (combined with earlier conditions by AND). */
    public EventQuery<E> where(Predicate<? super E> condition) {
        Objects.requireNonNull(condition, "condition must not be null");
        Predicate<? super E> previous = filter;
        filter = previous == null ? condition : (E e) -> previous.test(e) && condition.test(e);
        return this;
    }

    /** Events with timestamp at or after {@code from}; {@code null} for no lower bound. */
    public EventQuery<E> from(Instant from) {
        this.from = from;
        checkBounds();
        return this;
    }

    /** Events with timestamp at or before {@code to}; {@code null} for no upper bound. */
    public EventQuery<E> to(Instant to) {
        this.to = to;
        checkBounds();
        return this;
    }

    /** Both bounds, inclusive; either may be {@code null}. */
    public EventQuery<E> between(Instant from, Instant to) {
        this.from = from;
        this.to = to;
        checkBounds();
        return this;
    }

    /** Reads only one partition. */
    public EventQuery<E> partition(int partition) {
        if (partition < 0 || partition >= source.partitions()) {
            throw new IndexOutOfBoundsException("partition " + partition + " is out of range [0, "
                    + source.partitions() + ")");
        }
        this.partition = partition;
        return this;
    }

    /** At most {@code limit} events reach the terminal operation. */
    public EventQuery<E> limit(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0 but was " + limit);
        }
        this.limit = limit;
        return this;
    }

    private void checkBounds() {
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("from (" + from + ") must not be after to (" + to + ")");
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** A copy of the matching events. Per partition, a contiguous run of appends (see EventStore#snapshot). */
    public List<E> toList() {
        Predicate<? super E> condition = condition();
        List<E> out = new ArrayList<>();
        for (int p = firstPartition(); p <= lastPartition(); p++) {
            source.copy(p, out, condition);
            if (out.size() >= limit) {
                return Collections.unmodifiableList(new ArrayList<>(out.subList(0, (int) limit)));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Feeds matching events to {@code visitor} until it returns {@code false}. A purge waits until a visit
     * of the same partition ends before it moves events, so the visitor must not call {@code purge} or
     * {@code clear} on the store it visits (that would wait for itself); appending from it is fine.
     *
     * @return {@code true} if every matching event was visited, {@code false} if the visitor stopped
     */
    public boolean visit(Predicate<? super E> visitor) {
        Objects.requireNonNull(visitor, "visitor must not be null");
        if (limit == 0) {
            return true;
        }
        Predicate<? super E> condition = condition();
        long[] remaining = {limit};
        boolean[] stoppedByVisitor = {false};
        for (int p = firstPartition(); p <= lastPartition(); p++) {
            boolean completed = source.visit(p, e -> {
                if (condition != null && !condition.test(e)) {
                    return true;
                }
                if (!visitor.test(e)) {
                    stoppedByVisitor[0] = true;
                    return false;
                }
                return --remaining[0] > 0;
            });
            if (!completed) {
                return !stoppedByVisitor[0];
            }
        }
        return true;
    }

    public void forEach(Consumer<? super E> action) {
        Objects.requireNonNull(action, "action must not be null");
        visit(e -> {
            action.accept(e);
            return true;
        });
    }

    public long count() {
        long[] n = {0};
        visit(e -> {
            n[0]++;
            return true;
        });
        return n[0];
    }

    public Optional<E> findFirst() {
        List<E> found = new ArrayList<>(1);
        visit(e -> {
            found.add(e);
            return false;
        });
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public double sum(ToDoubleFunction<? super E> value) {
        return summarize(value).getSum();
    }

    public OptionalDouble average(ToDoubleFunction<? super E> value) {
        DoubleSummaryStatistics stats = summarize(value);
        return stats.getCount() == 0 ? OptionalDouble.empty() : OptionalDouble.of(stats.getAverage());
    }

    public OptionalDouble min(ToDoubleFunction<? super E> value) {
        DoubleSummaryStatistics stats = summarize(value);
        return stats.getCount() == 0 ? OptionalDouble.empty() : OptionalDouble.of(stats.getMin());
    }

    public OptionalDouble max(ToDoubleFunction<? super E> value) {
        DoubleSummaryStatistics stats = summarize(value);
        return stats.getCount() == 0 ? OptionalDouble.empty() : OptionalDouble.of(stats.getMax());
    }

    /** Count, sum, min, max and average of {@code value} over the matching events, in one pass. */
    public DoubleSummaryStatistics summarize(ToDoubleFunction<? super E> value) {
        Objects.requireNonNull(value, "value selector must not be null");
        DoubleSummaryStatistics stats = new DoubleSummaryStatistics();
        forEach(e -> stats.accept(value.applyAsDouble(e)));
        return stats;
    }

    /** A left fold over the matching events, starting from {@code seed.get()}. */
    public <A> A aggregate(Supplier<A> seed, BiFunction<A, ? super E, A> accumulator) {
        Objects.requireNonNull(seed, "seed must not be null");
        Objects.requireNonNull(accumulator, "accumulator must not be null");
        List<A> state = new ArrayList<>(1);
        state.add(seed.get());
        forEach(e -> state.set(0, accumulator.apply(state.get(0), e)));
        return state.get(0);
    }

    /** Matching events grouped by key, groups in first-seen order. */
    public <K> Map<K, List<E>> groupBy(Function<? super E, ? extends K> key) {
        Objects.requireNonNull(key, "key selector must not be null");
        Map<K, List<E>> groups = new LinkedHashMap<>();
        forEach(e -> groups.computeIfAbsent(key.apply(e), k -> new ArrayList<>()).add(e));
        return groups;
    }

    /** Statistics of {@code value} per key, groups in first-seen order. */
    public <K> Map<K, DoubleSummaryStatistics> summarizeBy(Function<? super E, ? extends K> key,
                                                          ToDoubleFunction<? super E> value) {
        Objects.requireNonNull(key, "key selector must not be null");
        Objects.requireNonNull(value, "value selector must not be null");
        Map<K, DoubleSummaryStatistics> groups = new LinkedHashMap<>();
        forEach(e -> groups.computeIfAbsent(key.apply(e), k -> new DoubleSummaryStatistics())
                .accept(value.applyAsDouble(e)));
        return groups;
    }

    // ---------------------------------------------------------------------------------------------

    private int firstPartition() {
        return partition < 0 ? 0 : partition;
    }

    private int lastPartition() {
        return partition < 0 ? source.partitions() - 1 : partition;
    }

    /** The filter and the time bounds as one predicate, or null when everything matches. */
    private Predicate<? super E> condition() {
        boolean bounded = from != null || to != null;
        ToLongFunction<? super E> timestamps = source.timestampsFor(bounded);
        if (!bounded) {
            return filter;
        }
        long lo = from == null ? Long.MIN_VALUE : saturatedMillis(from);
        long hi = to == null ? Long.MAX_VALUE : saturatedMillis(to);
        Predicate<? super E> userFilter = filter;
        return (E e) -> {
            long ts = timestamps.applyAsLong(e);
            return ts >= lo && ts <= hi && (userFilter == null || userFilter.test(e));
        };
    }

    /** Epoch milliseconds, clamped to the long range for instants beyond it. */
    public static long saturatedMillis(Instant instant) {
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException tooFar) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
