package dev.lockfree.eventstore.property;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreStatistics;
import dev.lockfree.eventstore.WindowAggregate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

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
 */
class WindowProperties {

    /** Periods (relative to the base) that appends and queries range over. */
    static final int SPAN_PERIODS = 3 * 8;

    @Property(tries = 500)
    void windowAggregateEqualsBruteForceOverAppendedEvents(@ForAll("configs") Config config,
                                                           @ForAll("actions") List<Action> actions) {
        new Harness(config).run(actions);
    }

    /**
     * The covered bounds reported with an aggregate are the bucket-aligned ends of the buckets that
     * overlap {@code [from, to)}, exactly, for any bounds, including {@code Instant.MAX}/{@code MIN}
     * and instants beyond the epoch-millisecond range (which count as the ends of that range).
     */
    @Property(tries = 300)
    void coveredBoundsAreTheAlignedBucketEnds(@ForAll @LongRange(min = 1, max = 86_400_000) long width,
                                              @ForAll("bounds") Instant a, @ForAll("bounds") Instant b) {
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
        Statistics.label("bound beyond long millis when aligned")
                .collect(!fitsInLong(fromPeriod, width) || !fitsInLong(toPeriod + 1, width));
        assertThat(result.from()).as("from of [%s, %s) with width %d", from, to, width)
                .isEqualTo(periodStart(fromPeriod, width));
        assertThat(result.to()).as("to of [%s, %s) with width %d", from, to, width)
                .isEqualTo(periodStart(toPeriod + 1, width));
        assertThat(result.isEmpty()).isTrue();
    }

    @Provide
    Arbitrary<Instant> bounds() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().between(-4_000_000_000_000L, 4_000_000_000_000L).map(Instant::ofEpochMilli)),
                Tuple.of(2, Arbitraries.longs().between(Long.MAX_VALUE - 100_000_000_000L, Long.MAX_VALUE)
                        .map(Instant::ofEpochMilli)),
                Tuple.of(2, Arbitraries.longs().between(Long.MIN_VALUE, Long.MIN_VALUE + 100_000_000_000L)
                        .map(Instant::ofEpochMilli)),
                Tuple.of(1, Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH)));
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

    @Provide
    Arbitrary<Config> configs() {
        return Combinators.combine(
                Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(1, 5),
                Arbitraries.longs().between(1, 50),
                Arbitraries.integers().between(1, 8),
                Arbitraries.longs().between(-100_000, 1_000_000_000_000L)).as(Config::new);
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

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Time> eventTime = Combinators.combine(Arbitraries.integers().between(0, SPAN_PERIODS),
                Arbitraries.integers().between(0, 49)).as(Time::new);
        Arbitrary<Time> boundTime = Combinators.combine(Arbitraries.integers().between(-2, SPAN_PERIODS + 2),
                Arbitraries.integers().between(0, 49)).as(Time::new);
        Arbitrary<Action> append = Combinators.combine(Arbitraries.integers().between(0, 3), eventTime,
                Arbitraries.integers().between(-20, 20)).as(Append::new);
        Arbitrary<Action> clear = Arbitraries.just(new Clear());
        Arbitrary<Action> purge = boundTime.map(Purge::new);
        Arbitrary<Action> query = Combinators.combine(boundTime, boundTime).as(Query::new);
        Arbitrary<Action> queryLast = Combinators.combine(boundTime, Arbitraries.longs().between(0, 400))
                .as(QueryLast::new);
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                Tuple.of(20, append),
                Tuple.of(1, clear),
                Tuple.of(2, purge),
                Tuple.of(3, query),
                Tuple.of(2, queryLast));
        return action.list().ofMinSize(1).ofMaxSize(60).withSizeDistribution(RandomDistribution.uniform());
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

        Harness(Config config) {
            this.config = config;
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
            Statistics.label("late events").collect(sawLate);
            Statistics.label("evicted events").collect(sawEviction);
            Statistics.label("late events").coverage(c -> c.check(true).percentage(pct -> pct >= 10));
            Statistics.label("evicted events").coverage(c -> c.check(true).percentage(pct -> pct >= 10));
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
