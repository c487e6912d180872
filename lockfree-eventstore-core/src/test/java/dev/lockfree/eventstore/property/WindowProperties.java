package dev.lockfree.eventstore.property;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreStatistics;
import dev.lockfree.eventstore.WindowAggregate;
import dev.lockfree.eventstore.property.Seeds.Gen;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.lockfree.eventstore.property.Seeds.weighted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Time-window properties: {@code windowAggregate} equals a brute-force aggregate over every event ever
 * appended (evicted ones included) whose bucket period lies in the queried range and inside its
 * partition's horizon; late events are counted exactly; clear empties the buckets; purge drops the
 * buckets that end at or before the cutoff.
 *
 * <p>Values are small integers, so sums are exact in any order. Timestamps are out of order and span
 * about three windows, so many events fall behind the horizon.
 *
 * <p>Each property runs its cases as dynamic tests named by seed (see {@link Seeds}).
 */
class WindowProperties {

    /** Periods (relative to the base) that appends and queries range over. */
    static final int SPAN_PERIODS = 3 * 8;

    /** A generated case: a store configuration and the actions to run on it. */
    record Case(Config config, List<Action> actions) {
        @Override
        public String toString() {
            return Seeds.steps(config, actions);
        }
    }

    @TestFactory
    Stream<DynamicTest> windowAggregateEqualsBruteForceOverAppendedEvents() {
        return Seeds.property(getClass(), "windowAggregateEqualsBruteForceOverAppendedEvents", 500)
                .coverage("late events", 10)
                .coverage("evicted events", 10)
                .forAll(g -> new Case(config(g), actions(g)), (c, stats) -> new Harness(c.config(), stats).run(c.actions()));
    }

    /**
     * The covered bounds reported with an aggregate are the bucket-aligned ends of the buckets that
     * overlap {@code [from, to)}, exactly, for any bounds, including {@code Instant.MAX}/{@code MIN}
     * and instants beyond the epoch-millisecond range (which count as the ends of that range).
     */
    record Bounds(long width, Instant a, Instant b) {
    }

    @TestFactory
    Stream<DynamicTest> coveredBoundsAreTheAlignedBucketEnds() {
        return Seeds.property(getClass(), "coveredBoundsAreTheAlignedBucketEnds", 300)
                .forAll(g -> new Bounds(g.longBetween(1, 86_400_000), bound(g), bound(g)),
                        (c, stats) -> coveredBoundsAreTheAlignedBucketEnds(c.width(), c.a(), c.b(), stats));
    }

    void coveredBoundsAreTheAlignedBucketEnds(long width, Instant a, Instant b, Seeds.Stats stats) {
        Instant from = a.isAfter(b) ? b : a;
        Instant to = a.isAfter(b) ? a : b;
        EventStore<Ev> store = EventStore.<Ev>builder().withPartitions(1).withCapacityPerPartition(1)
                .withTimestampSelector(Ev::ts).withValueSelector(Ev::value)
                .withWindow(Duration.ofMillis(width), Duration.ofMillis(width)).create();
        long fromMillis = saturatedMillis(from);
        long toMillis = saturatedMillis(to);
        long fromPeriod = Math.floorDiv(fromMillis, width);
        long toPeriod = toMillis > fromMillis ? Math.floorDiv(toMillis - 1, width) : fromPeriod - 1;
        WindowAggregate result = store.windowAggregate(from, to);
        stats.collect("bound beyond long millis when aligned",
                !fitsInLong(fromPeriod, width) || !fitsInLong(toPeriod + 1, width));
        assertThat(result.from()).as("from of [%s, %s) with width %d", from, to, width)
                .isEqualTo(periodStart(fromPeriod, width));
        assertThat(result.to()).as("to of [%s, %s) with width %d", from, to, width)
                .isEqualTo(periodStart(toPeriod + 1, width));
        assertThat(result.isEmpty()).isTrue();
    }

    /** Near the epoch, near either end of the epoch-millisecond range, or Instant.MIN/MAX/EPOCH (4:2:2:1). */
    static Instant bound(Gen g) {
        return g.frequencyOf(
                weighted(4, () -> Instant.ofEpochMilli(g.longBetween(-4_000_000_000_000L, 4_000_000_000_000L))),
                weighted(2, () -> Instant.ofEpochMilli(g.longBetween(Long.MAX_VALUE - 100_000_000_000L, Long.MAX_VALUE))),
                weighted(2, () -> Instant.ofEpochMilli(g.longBetween(Long.MIN_VALUE, Long.MIN_VALUE + 100_000_000_000L))),
                weighted(1, () -> g.of(Instant.MIN, Instant.MAX, Instant.EPOCH)));
    }

    static long saturatedMillis(Instant instant) {
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException beyond) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static boolean fitsInLong(long period, long width) {
        BigInteger exact = BigInteger.valueOf(period).multiply(BigInteger.valueOf(width));
        return exact.bitLength() < 64;
    }

    /** The start of bucket {@code period}, exactly (it may lie beyond the epoch-millisecond range). */
    static Instant periodStart(long period, long width) {
        BigInteger[] secondsAndMillis = BigInteger.valueOf(period).multiply(BigInteger.valueOf(width))
                .divideAndRemainder(BigInteger.valueOf(1000));
        long seconds = secondsAndMillis[0].longValueExact();
        long millis = secondsAndMillis[1].longValueExact();
        return Instant.ofEpochSecond(seconds, millis * 1_000_000L);
    }

    // ---------------------------------------------------------------------------------------------
    // Generators
    // ---------------------------------------------------------------------------------------------

    /** {@code width} in ms; the window is {@code buckets * width}; timestamps start near {@code base}. */
    record Config(int partitions, int capacity, long width, int buckets, long base) {
    }

    static Config config(Gen g) {
        return new Config(g.intBetween(1, 4), g.intBetween(1, 5), g.longBetween(1, 50), g.intBetween(1, 8),
                g.longBetween(-100_000, 1_000_000_000_000L));
    }

    /**
     * A time as a period offset from the base's period plus an offset inside the period (taken modulo
     * the width), so that generated times are independent of the generated width.
     */
    record Time(int period, int within) {
        long millis(Config c) {
            return (Math.floorDiv(c.base(), c.width()) + period) * c.width() + Math.floorMod(within, c.width());
        }
    }

    static List<Action> actions(Gen g) {
        Supplier<Time> eventTime = () -> new Time(g.intBetween(0, SPAN_PERIODS), g.intBetween(0, 49));
        Supplier<Time> boundTime = () -> new Time(g.intBetween(-2, SPAN_PERIODS + 2), g.intBetween(0, 49));
        Supplier<Action> append = () -> new Append(g.intBetween(0, 3), eventTime.get(), g.intBetween(-20, 20));
        Supplier<Action> clear = Clear::new;
        Supplier<Action> purge = () -> new Purge(boundTime.get());
        Supplier<Action> query = () -> new Query(boundTime.get(), boundTime.get());
        Supplier<Action> queryLast = () -> new QueryLast(boundTime.get(), g.longBetween(0, 400));
        return g.listOf(1, 60, () -> g.<Action>frequencyOf(
                weighted(20, append),
                weighted(1, clear),
                weighted(2, purge),
                weighted(3, query),
                weighted(2, queryLast)));
    }

    sealed interface Action permits Append, Clear, Purge, Query, QueryLast {
    }

    /** {@code tryAppend(event, partition % partitions)}. */
    record Append(int partition, Time time, int value) implements Action {
    }

    record Clear() implements Action {
    }

    record Purge(Time cutoff) implements Action {
    }

    /** {@code windowAggregate(from, to)}; inverted bounds must be refused. */
    record Query(Time from, Time to) implements Action {
    }

    /** {@code windowAggregate(last)} with the store's clock at {@code now}. */
    record QueryLast(Time now, long lastMillis) implements Action {
    }

    // ---------------------------------------------------------------------------------------------
    // Model and harness
    // ---------------------------------------------------------------------------------------------

    /** One bucketed event: its period and value. */
    record Recorded(long period, double value) {
    }

    static final class SettableClock extends Clock {
        volatile Instant now = Instant.EPOCH;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final class Harness {

        static final long NONE = Long.MIN_VALUE;

        final Config config;
        final Seeds.Stats stats;
        final EventStore<Ev> store;
        final SettableClock clock = new SettableClock();
        final List<List<Recorded>> recorded = new ArrayList<>();
        final long[] maxPeriod;
        final long[] late;
        int nextId;
        int step;
        Action current;
        boolean sawLate;
        boolean sawEviction;

        Harness(Config config, Seeds.Stats stats) {
            this.config = config;
            this.stats = stats;
            this.maxPeriod = new long[config.partitions()];
            this.late = new long[config.partitions()];
            for (int p = 0; p < config.partitions(); p++) {
                recorded.add(new ArrayList<>());
                maxPeriod[p] = NONE;
            }
            this.store = EventStore.<Ev>builder()
                    .withPartitions(config.partitions())
                    .withCapacityPerPartition(config.capacity())
                    .withTimestampSelector(Ev::ts)
                    .withValueSelector(Ev::value)
                    .withWindow(Duration.ofMillis(config.width() * config.buckets()), Duration.ofMillis(config.width()))
                    .withClock(clock)
                    .create();
        }

        String at(String what) {
            return "step " + step + " " + current + ": " + what;
        }

        long period(long millis) {
            return Math.floorDiv(millis, config.width());
        }

        void run(List<Action> actions) {
            for (Action action : actions) {
                step++;
                current = action;
                apply(action);
                checkLate();
                checkEveryBucket();
            }
            sawEviction = store.statistics().totalDiscarded() > 0;
            stats.collect("late events", sawLate);
            stats.collect("evicted events", sawEviction);
            // coverage (the generators must keep producing late and evicted events): see the property
        }

        void apply(Action action) {
            if (action instanceof Append a) {
                int p = a.partition() % config.partitions();
                long ts = a.time().millis(config);
                Ev e = new Ev(nextId++, "k", ts, a.value());
                assertThat(store.tryAppend(e, p)).as(at("tryAppend")).isTrue();
                long period = period(ts);
                if (maxPeriod[p] == NONE || period > maxPeriod[p]) {
                    maxPeriod[p] = period;
                }
                if (period <= maxPeriod[p] - config.buckets()) {
                    late[p]++;
                    sawLate = true;
                } else {
                    recorded.get(p).add(new Recorded(period, a.value()));
                }
            } else if (action instanceof Clear) {
                store.clear();
                for (int p = 0; p < config.partitions(); p++) {
                    recorded.get(p).clear();
                    maxPeriod[p] = NONE;
                }
                assertThat(store.windowAggregate(Instant.MIN, Instant.MAX).count()).as(at("after clear")).isZero();
            } else if (action instanceof Purge purge) {
                long cutoff = purge.cutoff().millis(config);
                store.purge(Instant.ofEpochMilli(cutoff));
                // bucket k ends at (k + 1) * width: dropped when that is <= cutoff
                for (List<Recorded> r : recorded) {
                    r.removeIf(x -> (x.period() + 1) * config.width() <= cutoff);
                }
            } else if (action instanceof Query q) {
                long from = q.from().millis(config);
                long to = q.to().millis(config);
                if (from > to) {
                    assertThatThrownBy(() -> store.windowAggregate(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)))
                            .as(at("inverted bounds")).isInstanceOf(IllegalArgumentException.class);
                } else {
                    checkAggregate(from, to);
                }
            } else if (action instanceof QueryLast q) {
                long now = q.now().millis(config);
                clock.now = Instant.ofEpochMilli(now);
                WindowAggregate actual = store.windowAggregate(Duration.ofMillis(q.lastMillis()));
                // the last `lastMillis` up to and including now: [now - last, now + 1)
                assertAggregate(actual, expected(now - q.lastMillis(), now + 1), "windowAggregate(last)");
            } else {
                throw new AssertionError("unknown action " + action);
            }
        }

        void checkLate() {
            EventStoreStatistics stats = store.statistics();
            long total = 0;
            for (int p = 0; p < config.partitions(); p++) {
                assertThat(stats.partitions().get(p).lateEvents()).as(at("lateEvents of partition " + p))
                        .isEqualTo(late[p]);
                total += late[p];
            }
            assertThat(stats.lateEvents()).as(at("lateEvents")).isEqualTo(total);
        }

        /** Every single bucket around the generated times, and the whole range. */
        void checkEveryBucket() {
            long first = Math.floorDiv(config.base(), config.width()) - 3;
            long last = first + SPAN_PERIODS + 6;
            for (long k = first; k <= last; k++) {
                checkAggregate(k * config.width(), (k + 1) * config.width());
            }
            checkAggregate(first * config.width(), (last + 1) * config.width());
        }

        void checkAggregate(long from, long to) {
            WindowAggregate actual = store.windowAggregate(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to));
            assertAggregate(actual, expected(from, to), "windowAggregate(" + from + ", " + to + ")");
        }

        void assertAggregate(WindowAggregate actual, WindowAggregate expected, String what) {
            assertThat(actual).as(at(what)).isEqualTo(expected);
            assertThat(actual.average()).as(at(what + " average")).isEqualTo(expected.average());
        }

        /** Brute force over the bucketed events of every partition, within its horizon. */
        WindowAggregate expected(long from, long to) {
            long fromPeriod = period(from);
            long toPeriod = to > from ? period(to - 1) : fromPeriod - 1;
            long count = 0;
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < config.partitions(); p++) {
                if (maxPeriod[p] == NONE) {
                    continue;
                }
                long low = Math.max(fromPeriod, maxPeriod[p] - config.buckets() + 1);
                long high = Math.min(toPeriod, maxPeriod[p]);
                for (Recorded r : recorded.get(p)) {
                    if (r.period() >= low && r.period() <= high) {
                        count++;
                        sum += r.value();
                        min = Math.min(min, r.value());
                        max = Math.max(max, r.value());
                    }
                }
            }
            return new WindowAggregate(Instant.ofEpochMilli(fromPeriod * config.width()),
                    Instant.ofEpochMilli((toPeriod + 1) * config.width()), count, sum,
                    count == 0 ? 0 : min, count == 0 ? 0 : max);
        }
    }
}
