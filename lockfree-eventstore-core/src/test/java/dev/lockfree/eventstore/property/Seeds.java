package dev.lockfree.eventstore.property;

import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The property-test harness: a property is a JUnit 5 {@code @TestFactory} of {@code tries} dynamic tests,
 * one per seed, each generating its case from its own {@link SplittableRandom}.
 *
 * <p>Seeds: every run draws a random base seed per property and prints it; the case seeds are the first
 * {@code tries} values of {@code new SplittableRandom(base)}. A failing case fails with its seed, the
 * generated case (for sequences: every step, numbered as the failure message numbers them) and the
 * command line that reruns exactly that case. System properties (passed by Maven to the test JVM):
 * <ul>
 * <li>{@code -Dproperty.seed=<n>}: run one case, generated from case seed {@code n}, per property;</li>
 * <li>{@code -Dproperty.baseSeed=<n>}: run the same {@code tries} cases as the run that printed base seed
 *     {@code n};</li>
 * <li>{@code -Dproperty.tries=<n>}: run {@code n} cases per property instead of each property's default.</li>
 * </ul>
 *
 * <p>There is no shrinking. To keep counterexamples readable, {@link Gen#sizeBetween} generates short
 * sequences often, and failures print the whole case.
 *
 * <p>Coverage: a property may require a label to hold in at least a share of its cases (the generators
 * must keep exercising wrap-around, rejection, late events...). That check is one more dynamic test,
 * {@code coverage}, after the cases; it is skipped when fewer than {@link #COVERAGE_MIN_TRIES} cases ran.
 */
public final class Seeds {

    public static final String SEED = "property.seed";
    public static final String BASE_SEED = "property.baseSeed";
    public static final String TRIES = "property.tries";
    /** Below this many cases a coverage percentage says nothing. */
    static final int COVERAGE_MIN_TRIES = 100;

    private Seeds() {
    }

    /** Starts a property of {@code owner} named {@code name} (its {@code @TestFactory} method). */
    public static Property property(Class<?> owner, String name, int defaultTries) {
        return new Property(owner, name, defaultTries);
    }

    /** Per-property label counts: in how many cases a label was true. */
    public static final class Stats {
        private final Map<String, int[]> trueCounts = new LinkedHashMap<>();
        private int cases;

        public void collect(String label, boolean value) {
            int[] count = trueCounts.computeIfAbsent(label, l -> new int[1]);
            if (value) {
                count[0]++;
            }
        }

        double percentage(String label) {
            int[] count = trueCounts.get(label);
            return cases == 0 || count == null ? 0 : 100.0 * count[0] / cases;
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            trueCounts.forEach((label, count) -> out.append(out.length() == 0 ? "" : ", ").append(label)
                    .append(String.format(" %.1f%%", percentage(label))));
            return out.toString();
        }
    }

    public static final class Property {
        private final Class<?> owner;
        private final String name;
        private final int defaultTries;
        private final Map<String, Double> coverage = new LinkedHashMap<>();

        Property(Class<?> owner, String name, int defaultTries) {
            this.owner = owner;
            this.name = name;
            this.defaultTries = defaultTries;
        }

        /** Requires {@code label} to be collected true in at least {@code minPercent} % of the cases. */
        public Property coverage(String label, double minPercent) {
            coverage.put(label, minPercent);
            return this;
        }

        /** Cases without statistics. */
        public <T> Stream<DynamicTest> forAll(Function<Gen, T> generator, Consumer<T> check) {
            return forAll(generator, (value, stats) -> check.accept(value));
        }

        /** Cases that collect statistics (and may be subject to coverage requirements). */
        public <T> Stream<DynamicTest> forAll(Function<Gen, T> generator, CaseCheck<T> check) {
            String rerun = "./mvnw -B -q verify -pl lockfree-eventstore-core -Djcstress.skip=true -Dtest='"
                    + owner.getSimpleName() + "#" + name + "' -Dsurefire.failIfNoSpecifiedTests=false";
            Long single = Long.getLong(SEED);
            long base;
            long[] seeds;
            if (single != null) {
                base = single;
                seeds = new long[] {single};
                System.out.printf("[property] %s.%s: 1 case, seed=%d (%s)%n", owner.getSimpleName(), name, single,
                        SEED);
            } else {
                Long fixedBase = Long.getLong(BASE_SEED);
                base = fixedBase != null ? fixedBase : ThreadLocalRandom.current().nextLong();
                int tries = Integer.getInteger(TRIES, defaultTries);
                SplittableRandom seedSource = new SplittableRandom(base);
                seeds = new long[tries];
                for (int i = 0; i < tries; i++) {
                    seeds[i] = seedSource.nextLong();
                }
                System.out.printf("[property] %s.%s: %d cases, base seed=%d (rerun all: -D%s=%d)%n",
                        owner.getSimpleName(), name, tries, base, BASE_SEED, base);
            }
            Stats stats = new Stats();
            Stream<DynamicTest> cases = IntStream.range(0, seeds.length).mapToObj(i -> {
                long seed = seeds[i];
                return DynamicTest.dynamicTest("seed=" + seed, () -> {
                    T value;
                    try {
                        value = generator.apply(new Gen(new SplittableRandom(seed)));
                    } catch (RuntimeException | Error e) {
                        throw new AssertionError("generating the case of seed=" + seed + " failed", e);
                    }
                    stats.cases++;
                    try {
                        check.check(value, stats);
                    } catch (Throwable failure) {
                        String message = owner.getSimpleName() + "." + name + " failed for seed=" + seed
                                + " (case " + (i + 1) + " of " + seeds.length + ", base seed=" + base + ")\n"
                                + "rerun this case: " + rerun + " -D" + SEED + "=" + seed + "\n"
                                + "case: " + value + "\n"
                                + "failure: " + failure;
                        throw new AssertionFailedError(message, failure);
                    }
                });
            });
            DynamicTest coverageCheck = DynamicTest.dynamicTest("coverage", () -> {
                System.out.printf("[property] %s.%s: cases run: %d; %s%n", owner.getSimpleName(), name, stats.cases,
                        stats);
                if (stats.cases < COVERAGE_MIN_TRIES) {
                    return;
                }
                List<String> missed = new ArrayList<>();
                coverage.forEach((label, min) -> {
                    if (stats.percentage(label) < min) {
                        missed.add(String.format("'%s' in %.1f%% of the cases, required >= %.1f%%", label,
                                stats.percentage(label), min));
                    }
                });
                if (!missed.isEmpty()) {
                    throw new AssertionFailedError(owner.getSimpleName() + "." + name + " (base seed=" + base
                            + "): the generators no longer cover " + missed);
                }
            });
            return coverage.isEmpty() ? cases : Stream.concat(cases, Stream.of(coverageCheck));
        }
    }

    @FunctionalInterface
    public interface CaseCheck<T> {
        void check(T value, Stats stats) throws Throwable;
    }

    /** A weighted alternative for {@link Gen#frequencyOf}. */
    public record Weighted<T>(int weight, Supplier<? extends T> value) {
    }

    public static <T> Weighted<T> weighted(int weight, Supplier<? extends T> value) {
        return new Weighted<>(weight, value);
    }

    /**
     * Generators over one case's random source. Integral ranges are drawn as property-testing libraries draw them by default: edge values
     * (the bounds, and 0, 1 and -1 when inside) are mixed in, and wide ranges are biased toward small
     * distances from the value nearest zero, while still reaching every value of the range.
     */
    public static final class Gen {
        /** One draw in this many returns an edge value of the range. */
        static final int EDGE_ONE_IN = 20;
        /** Ranges wider than this are drawn half uniformly, half biased toward the value nearest zero. */
        static final long BIAS_ABOVE = 1_000;

        private final SplittableRandom random;

        Gen(SplittableRandom random) {
            this.random = random;
        }

        public SplittableRandom random() {
            return random;
        }

        public boolean bool() {
            return random.nextBoolean();
        }

        /** {@code true} with probability {@code p}. */
        public boolean chance(double p) {
            return random.nextDouble() < p;
        }

        public int intBetween(int min, int max) {
            return (int) longBetween(min, max);
        }

        /** A long in {@code [min, max]} (both inclusive). */
        public long longBetween(long min, long max) {
            if (min > max) {
                throw new IllegalArgumentException(min + " > " + max);
            }
            if (min == max) {
                return min;
            }
            if (random.nextInt(EDGE_ONE_IN) == 0) {
                return edge(min, max);
            }
            long target = min > 0 ? min : Math.min(max, 0);
            if (Long.compareUnsigned(max - min, BIAS_ABOVE) > 0 && random.nextBoolean()) {
                // a distance of a uniformly chosen bit length from the target, toward the inside of the range
                int bits = random.nextInt(64);
                long distance = bits == 0 ? 0 : random.nextLong() >>> (64 - bits);
                boolean up = target == min || (target != max && random.nextBoolean());
                long value = up ? target + distance : target - distance;
                boolean inside = up ? value >= target && value <= max : value <= target && value >= min;
                if (inside) {
                    return value;
                }
            }
            return uniform(min, max);
        }

        private long uniform(long min, long max) {
            if (max - min >= 0 && max - min < Long.MAX_VALUE) {
                return min + random.nextLong(max - min + 1);
            }
            for (;;) { // the range is wider than Long.MAX_VALUE
                long value = random.nextLong();
                if (value >= min && value <= max) {
                    return value;
                }
            }
        }

        private long edge(long min, long max) {
            List<Long> edges = new ArrayList<>(List.of(min, max, min + 1, max - 1));
            for (long v : new long[] {0, 1, -1}) {
                if (v >= min && v <= max) {
                    edges.add(v);
                }
            }
            return edges.get(random.nextInt(edges.size()));
        }

        /** One of the values, uniformly. */
        @SafeVarargs
        public final <T> T of(T... values) {
            return values[random.nextInt(values.length)];
        }

        public <T> T of(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        public <E extends Enum<E>> E of(Class<E> type) {
            return of(type.getEnumConstants());
        }

        /** {@code null} with probability {@code p}, else a generated value. */
        public <T> T orNull(double p, Supplier<T> value) {
            return chance(p) ? null : value.get();
        }

        /** One alternative, chosen with probability proportional to its weight. */
        @SafeVarargs
        public final <T> T frequencyOf(Weighted<? extends T>... alternatives) {
            int total = 0;
            for (Weighted<? extends T> w : alternatives) {
                total += w.weight();
            }
            int pick = random.nextInt(total);
            for (Weighted<? extends T> w : alternatives) {
                pick -= w.weight();
                if (pick < 0) {
                    return w.value().get();
                }
            }
            throw new AssertionError("unreachable");
        }

        /** The value of one of the generators, each equally likely. */
        @SafeVarargs
        public final <T> T oneOf(Supplier<? extends T>... alternatives) {
            return alternatives[random.nextInt(alternatives.length)].get();
        }

        /**
         * A collection size in {@code [min, max]}: uniform, except that one time in three it is drawn from
         * the shortest eighth of the range (at least {@code min..min+7}). No shrinking: short failing cases
         * are found directly.
         */
        public int sizeBetween(int min, int max) {
            if (random.nextInt(3) == 0) {
                return random.nextInt(min, Math.min(max, min + Math.max(7, (max - min) / 8)) + 1);
            }
            return random.nextInt(min, max + 1);
        }

        public <T> List<T> listOf(int min, int max, Supplier<T> element) {
            int size = sizeBetween(min, max);
            List<T> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                out.add(element.get());
            }
            return out;
        }
    }

    /** Prints a generated sequence one numbered step a line, numbered from 1 as the harnesses number them. */
    public static String steps(Object config, List<?> steps) {
        StringBuilder out = new StringBuilder().append(config).append(", ").append(steps.size()).append(" steps:");
        for (int i = 0; i < steps.size(); i++) {
            out.append("\n  step ").append(i + 1).append(": ").append(steps.get(i));
        }
        return out.toString();
    }
}
