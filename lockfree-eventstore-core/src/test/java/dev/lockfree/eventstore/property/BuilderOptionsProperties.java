package dev.lockfree.eventstore.property;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreBuilder;
import dev.lockfree.eventstore.EventStoreOptions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Builder and options: a total capacity is split over the partitions rounding up (never less than
 * asked, never a whole event per partition more than needed), a capacity per partition is exact, the
 * last capacity call wins, and every invalid value fails with an {@link IllegalArgumentException}
 * naming the option and the bad value.
 */
class BuilderOptionsProperties {

    /** Stores up to this total are actually created (and their arrays allocated). */
    static final int CREATE_LIMIT = 4_096;

    @Property(tries = 300)
    void totalCapacityIsSplitRoundingUp(@ForAll @IntRange(min = 1, max = 2_000_000) int total,
                                        @ForAll @IntRange(min = 1, max = 64) int partitions,
                                        @ForAll boolean partitionsFirst) {
        EventStoreBuilder<Ev> builder = EventStore.builder();
        if (partitionsFirst) {
            builder.withPartitions(partitions).withCapacity(total);
        } else {
            builder.withCapacity(total).withPartitions(partitions);
        }
        EventStoreOptions<Ev> options = builder.options();
        int expectedPerPartition = (total + partitions - 1) / partitions;
        assertThat(options.partitions()).isEqualTo(partitions);
        assertThat(options.capacityPerPartition()).as("ceil(%d / %d)", total, partitions).isEqualTo(expectedPerPartition);
        assertThat(options.totalCapacity()).isGreaterThanOrEqualTo(total).isLessThan((long) total + partitions);

        boolean small = total <= CREATE_LIMIT;
        Statistics.label("created").collect(small);
        if (small) {
            EventStore<Ev> store = builder.create();
            assertThat(store.capacity()).isEqualTo(expectedPerPartition * partitions).isGreaterThanOrEqualTo(total);
            assertThat(store.partitions()).isEqualTo(partitions);
            assertThat(store.statistics().partitions()).allSatisfy(
                    p -> assertThat(p.capacity()).isEqualTo(expectedPerPartition));
            EventStore<Ev> constructed = new EventStore<>(total, partitions);
            assertThat(constructed.capacity()).isEqualTo(store.capacity());
            assertThat(constructed.options().capacityPerPartition()).isEqualTo(expectedPerPartition);
            EventStore<Ev> defaultPartitions = new EventStore<>(total);
            assertThat(defaultPartitions.capacity()).isGreaterThanOrEqualTo(total);
            assertThat(defaultPartitions.partitions()).isEqualTo(Runtime.getRuntime().availableProcessors());
        }
    }

    @Property(tries = 300)
    void capacityPerPartitionIsExactAndTheLastCapacityCallWins(
            @ForAll @IntRange(min = 1, max = 1_000_000) int perPartition,
            @ForAll @IntRange(min = 1, max = 64) int partitions,
            @ForAll @IntRange(min = 1, max = 1_000_000) int total,
            @ForAll boolean totalLast) {
        EventStoreBuilder<Ev> builder = EventStore.<Ev>builder().withPartitions(partitions);
        if (totalLast) {
            builder.withCapacityPerPartition(perPartition).withCapacity(total);
        } else {
            builder.withCapacity(total).withCapacityPerPartition(perPartition);
        }
        int expected = totalLast ? (total + partitions - 1) / partitions : perPartition;
        EventStoreOptions<Ev> options = builder.options();
        assertThat(options.capacityPerPartition()).isEqualTo(expected);
        assertThat(options.totalCapacity()).isEqualTo((long) expected * partitions);
        if ((long) expected * partitions <= CREATE_LIMIT) {
            EventStore<Ev> store = builder.create();
            assertThat(store.capacity()).isEqualTo(expected * partitions);
            for (int p = 0; p < partitions; p++) {
                for (int i = 0; i < expected + 1; i++) {
                    store.tryAppend(new Ev(i, "k", 0, 0), p);
                }
            }
            assertThat(store.statistics().partitions()).allSatisfy(p -> {
                assertThat(p.count()).isEqualTo(expected);
                assertThat(p.discarded()).isEqualTo(1);
            });
        }
    }

    @Property(tries = 300)
    void validWindowsAreKeptAsGiven(@ForAll @IntRange(min = 1, max = 100_000) int widthMillis,
                                    @ForAll @IntRange(min = 1, max = EventStoreOptions.MAX_BUCKETS) int buckets) {
        Duration width = Duration.ofMillis(widthMillis);
        Duration window = width.multipliedBy(buckets);
        EventStoreOptions<Ev> options = EventStore.<Ev>builder().withPartitions(1).withWindow(window, width).options();
        assertThat(options.windowSize()).isEqualTo(window);
        assertThat(options.bucketWidth()).isEqualTo(width);
        assertThat(options.bucketCount()).isEqualTo(buckets);
    }

    /** An invalid configuration, and the words its error message must contain. */
    record Invalid(String description, List<String> mentions, ThrowingCallable build) {
        @Override
        public String toString() {
            return description;
        }
    }

    @Property(tries = 400)
    void invalidValuesAreRejectedNamingOptionAndValue(@ForAll("invalid") Invalid invalid) {
        Statistics.label("case").collect(invalid.description().substring(0, invalid.description().indexOf('(')));
        assertThatThrownBy(invalid.build()).as(invalid.description())
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> {
                    for (String mention : invalid.mentions()) {
                        assertThat(e.getMessage()).as("message of " + invalid.description()).contains(mention);
                    }
                });
    }

    static Invalid builderCase(String description, UnaryOperator<EventStoreBuilder<Ev>> configure, String... mentions) {
        return new Invalid(description, List.of(mentions), () -> configure.apply(EventStore.<Ev>builder()).create());
    }

    @Provide
    Arbitrary<Invalid> invalid() {
        Arbitrary<Integer> nonPositive = Arbitraries.integers().between(Integer.MIN_VALUE, 0);
        Arbitrary<Integer> tooManyPerPartition = Arbitraries.integers()
                .between(EventStoreOptions.MAX_CAPACITY_PER_PARTITION + 1, Integer.MAX_VALUE);
        Arbitrary<Integer> tooManyPartitions = Arbitraries.integers()
                .between(EventStoreOptions.MAX_PARTITIONS + 1, Integer.MAX_VALUE);
        Arbitrary<Integer> millis = Arbitraries.integers().between(1, 10_000);

        Arbitrary<Invalid> capacity = nonPositive.map(v -> builderCase("withCapacity(" + v + ")",
                b -> b.withCapacity(v), "capacity", String.valueOf(v)));
        Arbitrary<Invalid> capacityConstructor = nonPositive.map(v -> new Invalid("new EventStore(" + v + ")",
                List.of("capacity", String.valueOf(v)), () -> new EventStore<Ev>(v)));
        Arbitrary<Invalid> totalTooLarge = tooManyPerPartition.map(v -> builderCase("withCapacity(" + v + ") on 1 partition",
                b -> b.withPartitions(1).withCapacity(v), "capacity", String.valueOf(v)));
        Arbitrary<Invalid> perPartition = Arbitraries.oneOf(nonPositive, tooManyPerPartition).map(v -> builderCase(
                "withCapacityPerPartition(" + v + ")", b -> b.withPartitions(1).withCapacityPerPartition(v),
                "capacityPerPartition", String.valueOf(v)));
        Arbitrary<Invalid> partitions = Arbitraries.oneOf(nonPositive, tooManyPartitions).map(v -> builderCase(
                "withPartitions(" + v + ")", b -> b.withCapacityPerPartition(1).withPartitions(v),
                "partitions", String.valueOf(v)));
        Arbitrary<Invalid> partitionsConstructor = Arbitraries.oneOf(nonPositive, tooManyPartitions).map(v ->
                new Invalid("new EventStore(10, " + v + ")", List.of("partitions", String.valueOf(v)),
                        () -> new EventStore<Ev>(10, v)));
        // not a positive whole number of milliseconds: zero, negative, or with a sub-millisecond part
        Arbitrary<Duration> badWidth = Arbitraries.oneOf(
                Arbitraries.longs().between(-10_000_000_000L, 0).map(Duration::ofNanos),
                Combinators.combine(Arbitraries.longs().between(0, 10_000), Arbitraries.integers().between(1, 999_999))
                        .as((ms, nanos) -> Duration.ofMillis(ms).plusNanos(nanos)));
        Arbitrary<Invalid> width = badWidth.map(w -> builderCase("withWindow(PT1H, " + w + ")",
                b -> b.withWindow(Duration.ofHours(1), w), "bucketWidth", w.toString()));
        Arbitrary<Invalid> window = Arbitraries.longs().between(-10_000_000, 0).map(Duration::ofMillis)
                .map(w -> builderCase("withWindow(" + w + ", PT0.001S)", b -> b.withWindow(w, Duration.ofMillis(1)),
                        "windowSize", w.toString()));
        Arbitrary<Invalid> widthAboveWindow = Combinators.combine(millis, millis).as((a, extra) -> {
            Duration windowSize = Duration.ofMillis(a);
            Duration bucketWidth = Duration.ofMillis(a + extra);
            return builderCase("withWindow(" + windowSize + ", " + bucketWidth + ")",
                    b -> b.withWindow(windowSize, bucketWidth), "bucketWidth", "windowSize",
                    windowSize.toString(), bucketWidth.toString());
        });
        Arbitrary<Invalid> notAMultiple = Combinators.combine(Arbitraries.integers().between(2, 10_000),
                Arbitraries.integers().between(1, 100), Arbitraries.integers().between(1, 9_999)).as((w, k, r) -> {
            Duration bucketWidth = Duration.ofMillis(w);
            Duration windowSize = Duration.ofMillis((long) w * k + 1 + r % (w - 1));
            return builderCase("withWindow(" + windowSize + ", " + bucketWidth + ")",
                    b -> b.withWindow(windowSize, bucketWidth), "bucketWidth", "windowSize",
                    windowSize.toString(), bucketWidth.toString());
        });
        Arbitrary<Invalid> tooManyBuckets = Combinators.combine(Arbitraries.integers().between(1, 1_000),
                Arbitraries.integers().between(1, 1_000_000)).as((w, extra) -> {
            long buckets = (long) EventStoreOptions.MAX_BUCKETS + extra;
            Duration bucketWidth = Duration.ofMillis(w);
            Duration windowSize = bucketWidth.multipliedBy(buckets);
            return builderCase("withWindow(" + windowSize + ", " + bucketWidth + ")",
                    b -> b.withWindow(windowSize, bucketWidth), "buckets", String.valueOf(buckets),
                    windowSize.toString(), bucketWidth.toString());
        });
        return Arbitraries.oneOf(capacity, capacityConstructor, totalTooLarge, perPartition, partitions,
                partitionsConstructor, width, window, widthAboveWindow, notAMultiple, tooManyBuckets);
    }
}
