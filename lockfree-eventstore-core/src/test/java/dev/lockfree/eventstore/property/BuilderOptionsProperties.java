package dev.lockfree.eventstore.property;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreBuilder;
import dev.lockfree.eventstore.EventStoreOptions;
import dev.lockfree.eventstore.property.Seeds.Gen;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Builder and options: a total capacity is split over the partitions rounding up (never less than
 * asked, never a whole event per partition more than needed), a capacity per partition is exact, the
 * last capacity call wins, and every invalid value fails with an {@link IllegalArgumentException}
 * naming the option and the bad value.
 *
 * <p>Each property runs its cases as dynamic tests named by seed (see {@link Seeds}).
 */
class BuilderOptionsProperties {

    /** Stores up to this total are actually created (and their arrays allocated). */
    static final int CREATE_LIMIT = 4_096;

    record Split(int total, int partitions, boolean partitionsFirst) {
    }

    @TestFactory
    Stream<DynamicTest> totalCapacityIsSplitRoundingUp() {
        return Seeds.property(getClass(), "totalCapacityIsSplitRoundingUp", 300).forAll(
                g -> new Split(g.intBetween(1, 2_000_000), g.intBetween(1, 64), g.bool()),
                (c, stats) -> totalCapacityIsSplitRoundingUp(c.total(), c.partitions(), c.partitionsFirst(), stats));
    }

    void totalCapacityIsSplitRoundingUp(int total, int partitions, boolean partitionsFirst, Seeds.Stats stats) {
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
        stats.collect("created", small);
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

    record LastCall(int perPartition, int partitions, int total, boolean totalLast) {
    }

    @TestFactory
    Stream<DynamicTest> capacityPerPartitionIsExactAndTheLastCapacityCallWins() {
        return Seeds.property(getClass(), "capacityPerPartitionIsExactAndTheLastCapacityCallWins", 300).forAll(
                g -> new LastCall(g.intBetween(1, 1_000_000), g.intBetween(1, 64), g.intBetween(1, 1_000_000), g.bool()),
                c -> capacityPerPartitionIsExactAndTheLastCapacityCallWins(c.perPartition(), c.partitions(), c.total(),
                        c.totalLast()));
    }

    void capacityPerPartitionIsExactAndTheLastCapacityCallWins(int perPartition, int partitions, int total,
                                                               boolean totalLast) {
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

    record ValidWindow(int widthMillis, int buckets) {
    }

    @TestFactory
    Stream<DynamicTest> validWindowsAreKeptAsGiven() {
        return Seeds.property(getClass(), "validWindowsAreKeptAsGiven", 300).forAll(
                g -> new ValidWindow(g.intBetween(1, 100_000), g.intBetween(1, EventStoreOptions.MAX_BUCKETS)),
                c -> validWindowsAreKeptAsGiven(c.widthMillis(), c.buckets()));
    }

    void validWindowsAreKeptAsGiven(int widthMillis, int buckets) {
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

    @TestFactory
    Stream<DynamicTest> invalidValuesAreRejectedNamingOptionAndValue() {
        return Seeds.property(getClass(), "invalidValuesAreRejectedNamingOptionAndValue", 400)
                .forAll(BuilderOptionsProperties::invalid, (invalid, stats) -> {
                    stats.collect(invalid.description().substring(0, invalid.description().indexOf('(')), true);
                    invalidValuesAreRejectedNamingOptionAndValue(invalid);
                });
    }

    void invalidValuesAreRejectedNamingOptionAndValue(Invalid invalid) {
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

    /** One invalid configuration; each kind equally likely. */
    static Invalid invalid(Gen g) {
        Supplier<Integer> nonPositive = () -> g.intBetween(Integer.MIN_VALUE, 0);
        Supplier<Integer> tooManyPerPartition = () -> g.intBetween(EventStoreOptions.MAX_CAPACITY_PER_PARTITION + 1,
                Integer.MAX_VALUE);
        Supplier<Integer> tooManyPartitions = () -> g.intBetween(EventStoreOptions.MAX_PARTITIONS + 1, Integer.MAX_VALUE);
        Supplier<Integer> millis = () -> g.intBetween(1, 10_000);

        Supplier<Invalid> capacity = () -> {
            int v = nonPositive.get();
            return builderCase("withCapacity(" + v + ")", b -> b.withCapacity(v), "capacity", String.valueOf(v));
        };
        Supplier<Invalid> capacityConstructor = () -> {
            int v = nonPositive.get();
            return new Invalid("new EventStore(" + v + ")", List.of("capacity", String.valueOf(v)),
                    () -> new EventStore<Ev>(v));
        };
        Supplier<Invalid> totalTooLarge = () -> {
            int v = tooManyPerPartition.get();
            return builderCase("withCapacity(" + v + ") on 1 partition", b -> b.withPartitions(1).withCapacity(v),
                    "capacity", String.valueOf(v));
        };
        Supplier<Invalid> perPartition = () -> {
            int v = g.oneOf(nonPositive, tooManyPerPartition);
            return builderCase("withCapacityPerPartition(" + v + ")",
                    b -> b.withPartitions(1).withCapacityPerPartition(v), "capacityPerPartition", String.valueOf(v));
        };
        Supplier<Invalid> partitions = () -> {
            int v = g.oneOf(nonPositive, tooManyPartitions);
            return builderCase("withPartitions(" + v + ")", b -> b.withCapacityPerPartition(1).withPartitions(v),
                    "partitions", String.valueOf(v));
        };
        Supplier<Invalid> partitionsConstructor = () -> {
            int v = g.oneOf(nonPositive, tooManyPartitions);
            return new Invalid("new EventStore(10, " + v + ")", List.of("partitions", String.valueOf(v)),
                    () -> new EventStore<Ev>(10, v));
        };
        // not a positive whole number of milliseconds: zero, negative, or with a sub-millisecond part
        Supplier<Duration> badWidth = () -> g.oneOf(
                () -> Duration.ofNanos(g.longBetween(-10_000_000_000L, 0)),
                () -> Duration.ofMillis(g.longBetween(0, 10_000)).plusNanos(g.intBetween(1, 999_999)));
        Supplier<Invalid> width = () -> {
            Duration w = badWidth.get();
            return builderCase("withWindow(PT1H, " + w + ")", b -> b.withWindow(Duration.ofHours(1), w),
                    "bucketWidth", w.toString());
        };
        Supplier<Invalid> window = () -> {
            Duration w = Duration.ofMillis(g.longBetween(-10_000_000, 0));
            return builderCase("withWindow(" + w + ", PT0.001S)", b -> b.withWindow(w, Duration.ofMillis(1)),
                    "windowSize", w.toString());
        };
        Supplier<Invalid> widthAboveWindow = () -> {
            int a = millis.get();
            int extra = millis.get();
            Duration windowSize = Duration.ofMillis(a);
            Duration bucketWidth = Duration.ofMillis(a + extra);
            return builderCase("withWindow(" + windowSize + ", " + bucketWidth + ")",
                    b -> b.withWindow(windowSize, bucketWidth), "bucketWidth", "windowSize",
                    windowSize.toString(), bucketWidth.toString());
        };
        Supplier<Invalid> notAMultiple = () -> {
            int w = g.intBetween(2, 10_000);
            int k = g.intBetween(1, 100);
            int r = g.intBetween(1, 9_999);
            Duration bucketWidth = Duration.ofMillis(w);
            Duration windowSize = Duration.ofMillis((long) w * k + 1 + r % (w - 1));
            return builderCase("withWindow(" + windowSize + ", " + bucketWidth + ")",
                    b -> b.withWindow(windowSize, bucketWidth), "bucketWidth", "windowSize",
                    windowSize.toString(), bucketWidth.toString());
        };
        Supplier<Invalid> tooManyBuckets = () -> {
            int w = g.intBetween(1, 1_000);
            int extra = g.intBetween(1, 1_000_000);
            long buckets = (long) EventStoreOptions.MAX_BUCKETS + extra;
            Duration bucketWidth = Duration.ofMillis(w);
            Duration windowSize = bucketWidth.multipliedBy(buckets);
            return builderCase("withWindow(" + windowSize + ", " + bucketWidth + ")",
                    b -> b.withWindow(windowSize, bucketWidth), "buckets", String.valueOf(buckets),
                    windowSize.toString(), bucketWidth.toString());
        };
        return g.oneOf(capacity, capacityConstructor, totalTooLarge, perPartition, partitions,
                partitionsConstructor, width, window, widthAboveWindow, notAMultiple, tooManyBuckets);
    }
}
