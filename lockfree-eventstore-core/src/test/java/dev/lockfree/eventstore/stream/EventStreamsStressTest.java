package dev.lockfree.eventstore.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.protocol.ExpectedVersion;
import dev.lockfree.eventstore.stress.ConcurrentRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * Many threads on one stream (oversubscribed on 2 cores, so appends are preempted mid-way): versions without
 * gaps or duplicates, conditional appends that each append exactly one version, idempotent retries that store
 * exactly once, and readers that only ever see gap-free, ordered runs.
 */
class EventStreamsStressTest {

    private static final int PRODUCERS = 8;

    /** Event of producer {@code p}, its {@code seq}-th append. */
    private static long event(int producer, long seq) {
        return ((long) producer << 32) | seq;
    }

    /**
     * A slice is a run of consecutive versions, each record knowing its own version, and each producer's events
     * in its append order.
     */
    private static void assertGapFreeRun(StreamSlice<Long> slice, long from) {
        List<StreamRecord<Long>> events = slice.events();
        long expected = events.isEmpty() ? -1 : events.get(0).version();
        assertThat(expected).as("first version of %s", slice).isGreaterThanOrEqualTo(events.isEmpty() ? -1 : from);
        Map<Integer, Long> lastSeq = new HashMap<>();
        for (StreamRecord<Long> r : events) {
            assertThat(r.version()).as("gap or disorder in a read from %d", from).isEqualTo(expected++);
            int producer = (int) (r.event() >>> 32);
            long seq = r.event() & 0xFFFF_FFFFL;
            Long previous = lastSeq.put(producer, seq);
            assertThat(previous == null || previous < seq).as("producer %d out of order", producer).isTrue();
        }
        assertThat(slice.nextVersion()).isEqualTo(events.isEmpty() ? slice.nextVersion() : expected);
        assertThat(slice.lastVersion()).isGreaterThanOrEqualTo(slice.nextVersion() - 1);
    }

    @Test
    void unconditionalAppendsGetEveryVersionExactlyOnceAndReadersSeeGapFreeRuns() {
        final long seed = ConcurrentRun.seed("streams unconditional appends");
        final int perProducer = 4_000;
        EventStreams<Long> streams = EventStreams.<Long>builder().partitions(2).capacityPerPartition(1 << 16).build();
        AtomicLongArray versionOf = new AtomicLongArray(PRODUCERS * perProducer);
        AtomicLong reads = new AtomicLong();
        ConcurrentRun run = new ConcurrentRun("unconditional", Duration.ofSeconds(20));
        for (int p = 0; p < PRODUCERS; p++) {
            final int producer = p;
            run.producer(() -> {
                long previous = -1;
                for (int seq = 0; seq < perProducer; seq++) {
                    long v = streams.append("one", event(producer, seq));
                    assertThat(v).isGreaterThan(previous); // a later append of one thread gets a later version
                    previous = v;
                    versionOf.set(producer * perProducer + seq, v);
                }
            });
        }
        for (int r = 0; r < 2; r++) {
            final Random rnd = new Random(seed + r);
            run.helper(() -> {
                long current = streams.currentVersion("one");
                long from = current < 0 ? 0 : (long) (rnd.nextDouble() * (current + 1));
                StreamSlice<Long> slice = streams.read("one", from, 1 + rnd.nextInt(500));
                assertGapFreeRun(slice, from);
                if (!slice.events().isEmpty()) {
                    assertThat(slice.events().get(0).version()).isEqualTo(from); // nothing evicted here
                }
                reads.incrementAndGet();
            });
        }
        run.execute();

        int n = PRODUCERS * perProducer;
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            assertThat(seen.add(versionOf.get(i))).as("version %d twice", versionOf.get(i)).isTrue();
        }
        assertThat(seen).hasSize(n).allMatch(v -> v >= 0 && v < n);
        StreamSlice<Long> all = streams.read("one", 0, n);
        assertGapFreeRun(all, 0);
        assertThat(all.events()).hasSize(n);
        for (int i = 0; i < n; i++) {
            StreamRecord<Long> r = all.events().get((int) versionOf.get(i));
            assertThat(r.event()).isEqualTo(event(i / perProducer, i % perProducer));
        }
        assertThat(streams.currentVersion("one")).isEqualTo(n - 1);
        assertThat(streams.store().count()).isEqualTo(n);
        assertThat(reads.get()).isPositive();
    }

    @Test
    void everySuccessfulConditionalAppendIsExactlyOneVersion() {
        final long seed = ConcurrentRun.seed("streams conditional appends");
        EventStreams<Long> streams = EventStreams.<Long>builder().partitions(1).capacityPerPartition(1 << 16).build();
        AtomicLong successes = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        ConcurrentHashMap<Long, Integer> winners = new ConcurrentHashMap<>();
        ConcurrentRun run = new ConcurrentRun("conditional", Duration.ofSeconds(3));
        for (int p = 0; p < PRODUCERS; p++) {
            final int producer = p;
            final Random rnd = new Random(seed + p);
            run.producer(() -> {
                for (int seq = 0; seq < 3_000 && !run.timeUp(); seq++) {
                    long current = streams.currentVersion("cas");
                    ExpectedVersion expected = current < 0 ? ExpectedVersion.NO_STREAM
                            : ExpectedVersion.exactly(rnd.nextInt(8) == 0 ? Math.max(0, current - 1) : current);
                    try {
                        long v = streams.append("cas", event(producer, seq), expected);
                        assertThat(v).isEqualTo(expected == ExpectedVersion.NO_STREAM ? 0 : expected.value() + 1);
                        assertThat(winners.put(v, producer)).as("version %d won twice", v).isNull();
                        successes.incrementAndGet();
                    } catch (WrongExpectedVersionException e) {
                        assertThat(expected.matches(e.currentVersion())).isFalse();
                        assertThat(e.currentVersion()).isGreaterThanOrEqualTo(0);
                        conflicts.incrementAndGet();
                    }
                }
            });
        }
        run.execute();
        System.out.println("[stress] conditional: " + successes + " successes, " + conflicts + " conflicts");
        assertThat(successes.get()).isPositive();
        assertThat(streams.currentVersion("cas")).isEqualTo(successes.get() - 1);
        assertThat(streams.store().count()).isEqualTo(successes.get());
        StreamSlice<Long> all = streams.read("cas", 0, EventStreams.MAX_READ_COUNT);
        assertGapFreeRun(all, 0);
        assertThat(all.events()).hasSize((int) successes.get());
        for (StreamRecord<Long> r : all.events()) {
            assertThat((int) (r.event() >>> 32)).isEqualTo(winners.get(r.version()));
        }
    }

    @Test
    void concurrentRetriesOfOneKeyStoreExactlyOnceAndAllGetTheSameVersion() throws Exception {
        final long seed = ConcurrentRun.seed("streams idempotent retries");
        final int rounds = 300;
        EventStreams<Long> streams = EventStreams.<Long>builder().partitions(1).capacityPerPartition(1 << 14).build();
        CyclicBarrier barrier = new CyclicBarrier(PRODUCERS);
        long[][] versions = new long[rounds][PRODUCERS];
        boolean[][] duplicates = new boolean[rounds][PRODUCERS];
        boolean[][] refused = new boolean[rounds][PRODUCERS];
        ConcurrentRun run = new ConcurrentRun("idempotent", Duration.ofSeconds(20));
        for (int p = 0; p < PRODUCERS; p++) {
            final int producer = p;
            final Random rnd = new Random(seed + p);
            run.producer(() -> {
                for (int round = 0; round < rounds; round++) {
                    barrier.await(10, TimeUnit.SECONDS);
                    // before round r the stream is at version r - 1; a third of the retries expect a wrong one
                    // (never producer 0, so that every round stores one)
                    boolean wrong = producer != 0 && rnd.nextInt(3) == 0;
                    ExpectedVersion expected = round == 0 ? (wrong ? ExpectedVersion.exactly(0) : ExpectedVersion.NO_STREAM)
                            : ExpectedVersion.exactly(wrong ? round : round - 1);
                    try {
                        AppendResult result = streams.append("idem", event(producer, round), expected, "key-" + round);
                        versions[round][producer] = result.version();
                        duplicates[round][producer] = result.duplicate();
                    } catch (WrongExpectedVersionException e) {
                        assertThat(wrong).as("a right expected version was refused: %s", e.getMessage()).isTrue();
                        refused[round][producer] = true;
                    }
                }
            });
        }
        run.execute();
        for (int round = 0; round < rounds; round++) {
            int stored = 0;
            for (int p = 0; p < PRODUCERS; p++) {
                if (refused[round][p]) {
                    continue;
                }
                assertThat(versions[round][p]).as("round %d producer %d", round, p).isEqualTo(round);
                stored += duplicates[round][p] ? 0 : 1;
            }
            assertThat(stored).as("stored in round %d", round).isEqualTo(1);
        }
        assertThat(streams.currentVersion("idem")).isEqualTo(rounds - 1);
        assertThat(streams.store().count()).isEqualTo(rounds);
        StreamSlice<Long> all = streams.read("idem", 0, rounds);
        assertGapFreeRun(all, 0);
        for (StreamRecord<Long> r : all.events()) {
            assertThat(r.idempotencyKey()).isEqualTo("key-" + r.version());
            assertThat(r.event() & 0xFFFF_FFFFL).isEqualTo(r.version());
        }
    }

    @Test
    void underEvictionAndClearReadersStillSeeGapFreeRunsAndTheViewFollowsTheStore() {
        final long seed = ConcurrentRun.seed("streams eviction and clear");
        final int streamsCount = 5;
        EventStreams<Long> streams = EventStreams.<Long>builder().partitions(2).capacityPerPartition(200).build();
        AtomicLong clears = new AtomicLong();
        AtomicLong clearsStarted = new AtomicLong();
        AtomicLong nonEmptyReads = new AtomicLong();
        ConcurrentRun run = new ConcurrentRun("eviction", Duration.ofSeconds(3));
        for (int p = 0; p < PRODUCERS; p++) {
            final int producer = p;
            final Random rnd = new Random(seed + p);
            run.producer(() -> {
                long[] previous = new long[streamsCount];
                long[] finishedBeforePrevious = new long[streamsCount];
                java.util.Arrays.fill(previous, -1);
                for (int seq = 0; seq < 20_000 && !run.timeUp(); seq++) {
                    int s = rnd.nextInt(streamsCount);
                    long finishedBefore = clears.get();
                    long v = streams.append("s" + s, event(producer, seq));
                    if (v <= previous[s]) { // only a clear overlapping both appends can forget (restart) a stream
                        assertThat(clearsStarted.get()).as("s%d went from %d to %d", s, previous[s], v)
                                .isGreaterThan(finishedBeforePrevious[s]);
                    }
                    previous[s] = v;
                    finishedBeforePrevious[s] = finishedBefore;
                }
            });
        }
        final Random readerRnd = new Random(seed);
        run.helper(() -> {
            String name = "s" + readerRnd.nextInt(streamsCount);
            long finishedBefore = clears.get();
            long current = streams.currentVersion(name);
            long from = current < 0 ? 0 : (long) (readerRnd.nextDouble() * (current + 1));
            StreamSlice<Long> slice = streams.read(name, from, 1 + readerRnd.nextInt(300));
            if (slice.events().isEmpty() && slice.lastVersion() < from - 1) {
                // the stream now ends below a version this reader saw: only a clear that forgot it (its versions
                // restart at 0) between currentVersion and read can do that; the read is then one past the end
                assertThat(clearsStarted.get()).as("%s went from %d to %d", name, current, slice.lastVersion())
                        .isGreaterThan(finishedBefore);
                assertThat(slice.nextVersion()).isEqualTo(from);
                return;
            }
            assertGapFreeRun(slice, from);
            assertThat(slice.events().size()).isLessThanOrEqualTo(200);
            if (!slice.events().isEmpty()) {
                nonEmptyReads.incrementAndGet();
            }
        });
        run.helper(() -> {
            if (readerRnd.nextInt(50) == 0) {
                clearsStarted.incrementAndGet();
                streams.store().clear();
                clears.incrementAndGet();
            } else {
                Thread.onSpinWait();
            }
        });
        run.execute();
        System.out.println("[stress] eviction: " + clears + " clears, " + nonEmptyReads + " non-empty reads");
        assertThat(nonEmptyReads.get()).isPositive();
        // after the race, the streams go on where they were (or from 0 if a clear forgot them), and the view
        // follows the store again
        for (int s = 0; s < streamsCount; s++) {
            long before = streams.currentVersion("s" + s);
            for (int i = 0; i < 30; i++) {
                assertThat(streams.append("s" + s, event(PRODUCERS, i))).isEqualTo(before + 1 + i);
            }
        }

        for (int s = 0; s < streamsCount; s++) {
            String name = "s" + s;
            StreamSlice<Long> view = streams.read(name, 0, EventStreams.MAX_READ_COUNT);
            assertGapFreeRun(view, 0);
            assertThat(view.isEndOfStream()).isTrue();
            assertThat(view.events()).hasSizeGreaterThanOrEqualTo(30);
            List<Long> inStore = new ArrayList<>();
            for (StreamRecord<Long> r : streams.store().snapshot(r -> r.stream().equals(name))) {
                inStore.add(r.version());
            }
            // the view holds a suffix of what the store holds for the stream, and forgets nothing newer
            Set<Long> stored = new HashSet<>(inStore);
            for (StreamRecord<Long> r : view.events()) {
                assertThat(stored).as("%s version %d is in the view but not in the store", name, r.version())
                        .contains(r.version());
            }
            long oldest = view.events().isEmpty() ? view.lastVersion() + 1 : view.events().get(0).version();
            for (long v : inStore) {
                if (v >= oldest) {
                    assertThat(view.events().get((int) (v - oldest)).version()).isEqualTo(v);
                }
            }
        }
    }
}
