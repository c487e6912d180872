package dev.lockfree.eventstore.property;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreBuilder;
import dev.lockfree.eventstore.EventStoreStatistics;
import dev.lockfree.eventstore.OverflowPolicy;
import dev.lockfree.eventstore.PartitionStatistics;
import dev.lockfree.eventstore.partition.ProducerIndex;
import dev.lockfree.eventstore.query.EventQuery;
import dev.lockfree.eventstore.property.Seeds.Gen;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.lockfree.eventstore.property.Seeds.weighted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Stateful properties: any sequence of appends (explicit partition, string key, unkeyed, batches),
 * clears, purges and reads gives the answers of {@link StoreModel}, a plain FIFO per partition.
 * After every step the whole observable state is compared: contents of every partition, count,
 * isEmpty/isFull, every statistics counter (store-wide and per partition), the events received by
 * onDiscarded (exactly the evicted ones, in order) and the number of onCapacityReached calls.
 *
 * <p>Capacities are 1..5 and partitions 1..4, so every sequence wraps its rings many times. Each property
 * runs its cases as dynamic tests named by seed (see {@link Seeds}); a failure prints the whole sequence.
 */
class StoreModelProperties {

    static final long MAX_TS = 20;
    static final List<String> KEYS = List.of("a", "b", "c", "d", "e", "f", "g");

    /**
     * Timestamps are arbitrary, so a purge may remove events from the middle of a partition (an event
     * older than the cutoff stored after a newer one). The store must still behave as a FIFO of
     * {@code capacity} events afterwards.
     */
    @TestFactory
    Stream<DynamicTest> anyActionSequenceMatchesTheModel() {
        return property("anyActionSequenceMatchesTheModel", false);
    }

    /**
     * The same with timestamps that never decrease, so every purge removes a prefix of each partition.
     * This isolates the rest of the behaviour from what purging out of order does to the ring.
     */
    @TestFactory
    Stream<DynamicTest> actionSequencesWithOrderedTimestampsMatchTheModel() {
        return property("actionSequencesWithOrderedTimestampsMatchTheModel", true);
    }

    /** A generated case: a store configuration and the actions to run on it. */
    record Case(Config config, List<Action> actions) {
        @Override
        public String toString() {
            return Seeds.steps(config, actions);
        }
    }

    Stream<DynamicTest> property(String name, boolean orderedTimestamps) {
        // the generators must keep exercising wrap-around, rejection and re-arming
        return Seeds.property(getClass(), name, 500)
                .coverage("eviction", 10)
                .coverage("rejection", 10)
                .coverage("onCapacityReached fired twice or more", 10)
                .forAll(g -> new Case(config(g), actions(g)),
                        (c, stats) -> new Harness(c.config(), orderedTimestamps, stats).run(c.actions()));
    }

    // ---------------------------------------------------------------------------------------------
    // Generators
    // ---------------------------------------------------------------------------------------------

    record Config(int partitions, int capacity, OverflowPolicy policy, boolean keySelector) {
    }

    static Config config(Gen g) {
        return new Config(g.intBetween(1, 4), g.intBetween(1, 5), g.of(OverflowPolicy.class), g.of(false, true));
    }

    static List<Action> actions(Gen g) {
        Supplier<Integer> partition = () -> g.intBetween(0, 3);
        Supplier<String> key = () -> g.of(KEYS);
        Supplier<Long> ts = () -> g.longBetween(0, MAX_TS);
        Supplier<Integer> value = () -> g.intBetween(-5, 5);
        Supplier<Long> bound = () -> g.orNull(0.25, () -> g.longBetween(-1, MAX_TS + 2));
        Supplier<Filter> filter = () -> g.orNull(0.4, () -> g.of(Filter.class));
        Supplier<Spec> spec = () -> new Spec(key.get(), ts.get(), value.get());

        Supplier<Action> appendTo = () -> new AppendTo(partition.get(), spec.get());
        Supplier<Action> appendKeyed = () -> new AppendKeyed(spec.get());
        Supplier<Action> appendUnkeyed = () -> new AppendUnkeyed(spec.get());
        Supplier<Action> appendAll = () -> new AppendAll(g.listOf(0, 6, spec));
        Supplier<Action> appendAllTo = () -> new AppendAllTo(partition.get(), g.listOf(0, 6, spec));
        Supplier<Action> clear = Clear::new;
        Supplier<Action> purge = () -> new Purge(g.longBetween(-1, MAX_TS + 2));
        Supplier<Action> storeRead = () -> new StoreRead(g.of(StoreReadKind.class), filter.get(), bound.get(),
                bound.get());
        Supplier<Action> queryRead = () -> new QueryRead(filter.get(), bound.get(), bound.get(),
                g.orNull(0.5, partition), g.orNull(0.5, () -> g.longBetween(0, 6)), g.of(Terminal.class),
                g.intBetween(1, 4));

        return g.listOf(1, 60, () -> g.<Action>frequencyOf(
                weighted(14, appendTo),
                weighted(8, appendKeyed),
                weighted(10, appendUnkeyed),
                weighted(3, appendAll),
                weighted(3, appendAllTo),
                weighted(1, clear),
                weighted(3, purge),
                weighted(5, storeRead),
                weighted(5, queryRead)));
    }

    /** A filter with a readable name, so that printed counterexamples can be read. */
    enum Filter implements Predicate<Ev> {
        ALL {
            @Override
            public boolean test(Ev e) {
                return true;
            }
        },
        EVEN_VALUE {
            @Override
            public boolean test(Ev e) {
                return ((long) e.value()) % 2 == 0;
            }
        },
        KEY_A_OR_B {
            @Override
            public boolean test(Ev e) {
                return e.key().equals("a") || e.key().equals("b");
            }
        },
        ODD_ID {
            @Override
            public boolean test(Ev e) {
                return e.id() % 2 == 1;
            }
        },
        NONE {
            @Override
            public boolean test(Ev e) {
                return false;
            }
        }
    }

    enum StoreReadKind { SNAPSHOT_FILTER_ONLY, SNAPSHOT, COUNT, SUM, AVERAGE, MIN, MAX, AGGREGATE }

    enum Terminal { TO_LIST, COUNT, FIND_FIRST, SUM, AVERAGE, MIN, MAX, AGGREGATE, VISIT, FOR_EACH, GROUP_BY, SUMMARIZE }

    /** The content of one event to append (its id is assigned when it is appended). */
    record Spec(String key, long ts, int value) {
    }

    sealed interface Action permits AppendTo, AppendKeyed, AppendUnkeyed, AppendAll, AppendAllTo, Clear, Purge,
            StoreRead, QueryRead {
    }

    /** {@code tryAppend(event, partition % partitions)}. */
    record AppendTo(int partition, Spec spec) implements Action {
    }

    /** {@code tryAppend(key, event)}. */
    record AppendKeyed(Spec spec) implements Action {
    }

    /** {@code tryAppend(event)}: by key selector if configured, else by the calling thread. */
    record AppendUnkeyed(Spec spec) implements Action {
    }

    /** {@code tryAppendAll(events)}. */
    record AppendAll(List<Spec> specs) implements Action {
    }

    /** {@code tryAppendAll(events, partition % partitions)}. */
    record AppendAllTo(int partition, List<Spec> specs) implements Action {
    }

    record Clear() implements Action {
    }

    record Purge(long cutoff) implements Action {
    }

    /** One of the store's own read methods; a null filter picks the overload without one. */
    record StoreRead(StoreReadKind kind, Filter filter, Long from, Long to) implements Action {
    }

    /** {@code query()} with optional where/between/partition/limit and one terminal operation. */
    record QueryRead(Filter filter, Long from, Long to, Integer partition, Long limit, Terminal terminal,
                     int stopAfter) implements Action {
    }

    // ---------------------------------------------------------------------------------------------
    // Running a sequence against the store and the model
    // ---------------------------------------------------------------------------------------------

    static final class Harness {

        final Config config;
        final boolean orderedTimestamps;
        final Seeds.Stats stats;
        final StoreModel model;
        final EventStore<Ev> store;
        final List<Ev> discardedSeen = new ArrayList<>();
        final int[] capacityReachedSeen = {0};
        int nextId;
        long clock;
        int step;
        Action current;
        boolean sawEviction;
        boolean sawRejection;
        boolean sawPurgeRemoval;

        Harness(Config config, boolean orderedTimestamps, Seeds.Stats stats) {
            this.config = config;
            this.orderedTimestamps = orderedTimestamps;
            this.stats = stats;
            this.model = new StoreModel(config.partitions(), config.capacity(), config.policy() == OverflowPolicy.REJECT);
            EventStoreBuilder<Ev> builder = EventStore.<Ev>builder()
                    .withPartitions(config.partitions())
                    .withCapacityPerPartition(config.capacity())
                    .withOverflowPolicy(config.policy())
                    .withTimestampSelector(Ev::ts)
                    .withValueSelector(Ev::value)
                    .withWindow(Duration.ofMillis(40), Duration.ofMillis(2))
                    .onDiscarded(discardedSeen::add)
                    .onCapacityReached(() -> capacityReachedSeen[0]++);
            if (config.keySelector()) {
                builder.withKeySelector(Ev::key);
            }
            this.store = builder.create();
        }

        void run(List<Action> actions) {
            checkState();
            for (Action action : actions) {
                step++;
                current = action;
                apply(action);
                checkState();
            }
            stats.collect("eviction", sawEviction);
            stats.collect("rejection", sawRejection);
            stats.collect("purge removed something", sawPurgeRemoval);
            stats.collect("onCapacityReached fired twice or more", model.capacityReached >= 2);
        }

        String at(String what) {
            return "step " + step + " " + current + ": " + what;
        }

        Ev event(Spec spec) {
            long ts = spec.ts();
            if (orderedTimestamps) {
                clock += spec.ts() % 2;
                ts = clock;
            }
            return new Ev(nextId++, spec.key(), ts, spec.value());
        }

        int partitionOf(int raw) {
            return raw % config.partitions();
        }

        /** Where {@code tryAppend(event)} must route: by the key selector, else by the producer. */
        int unkeyedPartition(Ev e) {
            if (config.keySelector()) {
                return keyPartition(e.key());
            }
            return ProducerIndex.current() % config.partitions();
        }

        int keyPartition(String key) {
            int p = store.partitionFor(key);
            assertThat(p).as(at("partitionFor(" + key + ")")).isBetween(0, config.partitions() - 1);
            assertThat(store.partitionFor(key)).as(at("partitionFor is stable")).isEqualTo(p);
            return p;
        }

        void expectAppend(boolean actual, boolean expected) {
            assertThat(actual).as(at("tryAppend result")).isEqualTo(expected);
            if (!expected) {
                sawRejection = true;
            }
        }

        void apply(Action action) {
            long discardedBefore = model.discarded;
            if (action instanceof AppendTo a) {
                Ev e = event(a.spec());
                int p = partitionOf(a.partition());
                boolean expected = model.append(p, e);
                expectAppend(store.tryAppend(e, p), expected);
            } else if (action instanceof AppendKeyed a) {
                Ev e = event(a.spec());
                boolean expected = model.append(keyPartition(e.key()), e);
                expectAppend(store.tryAppend(e.key(), e), expected);
            } else if (action instanceof AppendUnkeyed a) {
                Ev e = event(a.spec());
                boolean expected = model.append(unkeyedPartition(e), e);
                expectAppend(store.tryAppend(e), expected);
            } else if (action instanceof AppendAll a) {
                List<Ev> events = new ArrayList<>();
                int expected = 0;
                for (Spec spec : a.specs()) {
                    Ev e = event(spec);
                    events.add(e);
                    if (model.append(unkeyedPartition(e), e)) {
                        expected++;
                    }
                }
                assertThat(store.tryAppendAll(events)).as(at("tryAppendAll result")).isEqualTo(expected);
                sawRejection |= expected < events.size();
            } else if (action instanceof AppendAllTo a) {
                int p = partitionOf(a.partition());
                List<Ev> events = new ArrayList<>();
                int expected = 0;
                for (Spec spec : a.specs()) {
                    Ev e = event(spec);
                    events.add(e);
                    if (model.append(p, e)) {
                        expected++;
                    }
                }
                assertThat(store.tryAppendAll(events, p)).as(at("tryAppendAll(partition) result")).isEqualTo(expected);
                sawRejection |= expected < events.size();
            } else if (action instanceof Clear) {
                model.clear();
                store.clear();
            } else if (action instanceof Purge purge) {
                // with ordered timestamps the cutoff is taken back from the clock, so that purges keep
                // the newer events instead of nearly always emptying the store
                long cutoff = orderedTimestamps ? clock + 1 - Math.floorMod(purge.cutoff(), 8) : purge.cutoff();
                long expected = model.purge(cutoff);
                assertThat(store.purge(Instant.ofEpochMilli(cutoff))).as(at("purge(" + cutoff + ") result")).isEqualTo(expected);
                sawPurgeRemoval |= expected > 0;
            } else if (action instanceof StoreRead r) {
                checkStoreRead(r);
            } else if (action instanceof QueryRead q) {
                checkQueryRead(q);
            } else {
                throw new AssertionError("unknown action " + action);
            }
            sawEviction |= model.discarded > discardedBefore;
        }

        // -----------------------------------------------------------------------------------------

        void checkState() {
            List<Ev> all = model.all();
            assertThat(store.snapshot()).as(at("snapshot()")).containsExactlyElementsOf(all);
            for (int p = 0; p < config.partitions(); p++) {
                assertThat(store.copyPartition(p)).as(at("copyPartition(" + p + ")"))
                        .containsExactlyElementsOf(model.partition(p));
            }
            assertThat(store.count()).as(at("count()")).isEqualTo(model.count());
            assertThat(store.isEmpty()).as(at("isEmpty()")).isEqualTo(model.count() == 0);
            assertThat(store.isFull()).as(at("isFull()")).isEqualTo(model.isFull());
            assertThat(store.partitions()).as(at("partitions()")).isEqualTo(config.partitions());
            assertThat(store.capacity()).as(at("capacity()")).isEqualTo(config.partitions() * config.capacity());

            EventStoreStatistics stats = store.statistics();
            assertThat(stats.totalAppended()).as(at("totalAppended")).isEqualTo(model.appended);
            assertThat(stats.totalDiscarded()).as(at("totalDiscarded")).isEqualTo(model.discarded);
            assertThat(stats.totalRejected()).as(at("totalRejected")).isEqualTo(model.rejected);
            assertThat(stats.totalPurged()).as(at("totalPurged")).isEqualTo(model.purged);
            assertThat(stats.totalCleared()).as(at("totalCleared")).isEqualTo(model.cleared);
            assertThat(stats.count()).as(at("statistics count")).isEqualTo(model.count());
            assertThat(stats.count()).as(at("count == appended - discarded - purged - cleared"))
                    .isEqualTo(stats.totalAppended() - stats.totalDiscarded() - stats.totalPurged() - stats.totalCleared());
            assertThat(stats.capacity()).as(at("statistics capacity")).isEqualTo(config.partitions() * config.capacity());
            assertThat(stats.callbackFailures()).as(at("callbackFailures")).isZero();
            assertThat(stats.partitions()).as(at("partition statistics")).hasSize(config.partitions());
            for (int p = 0; p < config.partitions(); p++) {
                PartitionStatistics ps = stats.partitions().get(p);
                assertThat(ps).as(at("statistics of partition " + p)).isEqualTo(new PartitionStatistics(p,
                        config.capacity(), model.parts.get(p).size(), model.partAppended[p], model.partDiscarded[p],
                        model.partRejected[p], model.partRemoved[p], ps.lateEvents()));
            }

            assertThat(discardedSeen).as(at("events passed to onDiscarded"))
                    .containsExactlyElementsOf(model.discardedEvents);
            assertThat(capacityReachedSeen[0]).as(at("onCapacityReached calls")).isEqualTo(model.capacityReached);
        }

        // -----------------------------------------------------------------------------------------

        static Instant instant(Long millis) {
            return millis == null ? null : Instant.ofEpochMilli(millis);
        }

        static boolean inverted(Long from, Long to) {
            return from != null && to != null && from > to;
        }

        List<Ev> select(Filter filter, Long from, Long to, Integer partition) {
            List<Ev> source = partition == null ? model.all() : model.partition(partition);
            List<Ev> out = new ArrayList<>();
            for (Ev e : source) {
                if ((filter == null || filter.test(e))
                        && (from == null || e.ts() >= from) && (to == null || e.ts() <= to)) {
                    out.add(e);
                }
            }
            return out;
        }

        static double sum(List<Ev> events) {
            double s = 0;
            for (Ev e : events) {
                s += e.value();
            }
            return s;
        }

        static OptionalDouble average(List<Ev> events) {
            return events.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(sum(events) / events.size());
        }

        static OptionalDouble min(List<Ev> events) {
            return events.stream().mapToDouble(Ev::value).min();
        }

        static OptionalDouble max(List<Ev> events) {
            return events.stream().mapToDouble(Ev::value).max();
        }

        static List<Integer> ids(List<Ev> events) {
            return events.stream().map(Ev::id).toList();
        }

        static List<Integer> addId(List<Integer> ids, Ev e) {
            List<Integer> next = new ArrayList<>(ids);
            next.add(e.id());
            return next;
        }

        void checkStoreRead(StoreRead r) {
            Instant from = instant(r.from());
            Instant to = instant(r.to());
            Filter f = r.filter();
            if (r.kind() != StoreReadKind.SNAPSHOT_FILTER_ONLY && inverted(r.from(), r.to())) {
                assertThatThrownBy(() -> runStoreRead(r, from, to)).as(at("inverted bounds"))
                        .isInstanceOf(IllegalArgumentException.class);
                return;
            }
            List<Ev> expected = r.kind() == StoreReadKind.SNAPSHOT_FILTER_ONLY
                    ? select(f == null ? Filter.ALL : f, null, null, null)
                    : select(f, r.from(), r.to(), null);
            Object actual = runStoreRead(r, from, to);
            Object wanted = switch (r.kind()) {
                case SNAPSHOT_FILTER_ONLY, SNAPSHOT -> expected;
                case COUNT -> (long) expected.size();
                case SUM -> sum(expected);
                case AVERAGE -> average(expected);
                case MIN -> min(expected);
                case MAX -> max(expected);
                case AGGREGATE -> ids(expected);
            };
            assertThat(actual).as(at(r.kind().toString())).isEqualTo(wanted);
        }

        Object runStoreRead(StoreRead r, Instant from, Instant to) {
            Filter f = r.filter();
            return switch (r.kind()) {
                case SNAPSHOT_FILTER_ONLY -> store.snapshot(f == null ? Filter.ALL : f);
                case SNAPSHOT -> f == null ? store.snapshot(from, to) : store.snapshot(f, from, to);
                case COUNT -> f == null ? store.count(from, to) : store.count(f, from, to);
                case SUM -> f == null ? store.sum(Ev::value, from, to) : store.sum(Ev::value, f, from, to);
                case AVERAGE -> f == null ? store.average(Ev::value, from, to) : store.average(Ev::value, f, from, to);
                case MIN -> f == null ? store.min(Ev::value, from, to) : store.min(Ev::value, f, from, to);
                case MAX -> f == null ? store.max(Ev::value, from, to) : store.max(Ev::value, f, from, to);
                case AGGREGATE -> f == null
                        ? store.aggregate(List::<Integer>of, Harness::addId, from, to)
                        : store.aggregate(List::<Integer>of, Harness::addId, f, from, to);
            };
        }

        void checkQueryRead(QueryRead q) {
            Integer partition = q.partition() == null ? null : partitionOf(q.partition());
            if (inverted(q.from(), q.to())) {
                assertThatThrownBy(() -> query(q, partition)).as(at("inverted bounds"))
                        .isInstanceOf(IllegalArgumentException.class);
                return;
            }
            List<Ev> matching = select(q.filter(), q.from(), q.to(), partition);
            List<Ev> expected = q.limit() == null || q.limit() >= matching.size()
                    ? matching : matching.subList(0, (int) (long) q.limit());
            EventQuery<Ev> query = query(q, partition);
            String what = "query " + q.terminal();
            switch (q.terminal()) {
                case TO_LIST -> assertThat(query.toList()).as(at(what)).containsExactlyElementsOf(expected);
                case COUNT -> assertThat(query.count()).as(at(what)).isEqualTo(expected.size());
                case FIND_FIRST -> assertThat(query.findFirst()).as(at(what))
                        .isEqualTo(expected.stream().findFirst());
                case SUM -> assertThat(query.sum(Ev::value)).as(at(what)).isEqualTo(sum(expected));
                case AVERAGE -> assertThat(query.average(Ev::value)).as(at(what)).isEqualTo(average(expected));
                case MIN -> assertThat(query.min(Ev::value)).as(at(what)).isEqualTo(min(expected));
                case MAX -> assertThat(query.max(Ev::value)).as(at(what)).isEqualTo(max(expected));
                case AGGREGATE -> assertThat(query.aggregate(List::<Integer>of, Harness::addId)).as(at(what))
                        .isEqualTo(ids(expected));
                case VISIT -> {
                    List<Ev> visited = new ArrayList<>();
                    boolean completed = query.visit(e -> {
                        visited.add(e);
                        return visited.size() < q.stopAfter();
                    });
                    List<Ev> expectedVisited = expected.subList(0, Math.min(expected.size(), q.stopAfter()));
                    assertThat(visited).as(at(what + " visited")).containsExactlyElementsOf(expectedVisited);
                    assertThat(completed).as(at(what + " result")).isEqualTo(expected.size() < q.stopAfter());
                }
                case FOR_EACH -> {
                    List<Ev> seen = new ArrayList<>();
                    query.forEach(seen::add);
                    assertThat(seen).as(at(what)).containsExactlyElementsOf(expected);
                }
                case GROUP_BY -> {
                    Map<String, List<Ev>> groups = new LinkedHashMap<>();
                    expected.forEach(e -> groups.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e));
                    Map<String, List<Ev>> actual = query.groupBy(Ev::key);
                    assertThat(List.copyOf(actual.keySet())).as(at(what + " keys in first-seen order"))
                            .containsExactlyElementsOf(groups.keySet());
                    assertThat(actual).as(at(what)).isEqualTo(groups);
                }
                case SUMMARIZE -> {
                    DoubleSummaryStatistics stats = query.summarize(Ev::value);
                    assertThat(stats.getCount()).as(at(what + " count")).isEqualTo(expected.size());
                    assertThat(stats.getSum()).as(at(what + " sum")).isEqualTo(sum(expected));
                    if (!expected.isEmpty()) {
                        assertThat(stats.getMin()).as(at(what + " min")).isEqualTo(min(expected).getAsDouble());
                        assertThat(stats.getMax()).as(at(what + " max")).isEqualTo(max(expected).getAsDouble());
                    }
                }
            }
        }

        EventQuery<Ev> query(QueryRead q, Integer partition) {
            EventQuery<Ev> query = store.query();
            if (q.filter() != null) {
                query.where(q.filter());
            }
            if (q.from() != null || q.to() != null) {
                query.between(instant(q.from()), instant(q.to()));
            }
            if (partition != null) {
                query.partition(partition);
            }
            if (q.limit() != null) {
                query.limit(q.limit());
            }
            return query;
        }
    }
}
