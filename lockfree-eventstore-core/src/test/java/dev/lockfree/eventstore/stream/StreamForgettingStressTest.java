package dev.lockfree.eventstore.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.protocol.ExpectedVersion;
import dev.lockfree.eventstore.stress.ConcurrentRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Forgetting streams (after a clear, and reclaimed at the limit) racing appends to the same streams,
 * oversubscribed on 2 cores. After the race, at quiescence: the store and the streams agree (every record the
 * store holds is the record its stream holds at that version, no two records of one stream share a version,
 * none is above its stream's current version, none belongs to a forgotten stream), every acknowledged append
 * whose record the store holds is readable at its version, and the stream count is exactly the number of
 * streams that exist, at most the limit.
 */
class StreamForgettingStressTest {

    private static final int PRODUCERS = 6;

    /** Event of producer {@code p}, its {@code seq}-th append. */
    private static long event(int producer, long seq) {
        return ((long) producer << 32) | seq;
    }

    @Test
    void clearsRacingAppendsForgetStreamsWithoutLosingStoredAppendsOrSlots() {
        final long seed = ConcurrentRun.seed("streams forgotten by clears");
        final int names = 6;
        // A dedupe horizon no run can reach (at most 2 keyed appends per producer step, 40 000 per producer), so
        // that a retry stored again can only be due to a forget. With the default horizon (100 keys per stream) a
        // producer preempted between its append and its retry while the others made 100 newer keyed appends to
        // the same stream legitimately had its key forgotten (documented in EventStreamsOptions), which this test
        // took for a forget without a clear.
        EventStreams<Long> streams = EventStreams.<Long>builder().partitions(2).capacityPerPartition(1 << 14)
                .maxStreams(names).dedupe(EventStreamsOptions.MAX_DEDUPE_KEYS_PER_STREAM, Duration.ofDays(1))
                .build();
        Map<Long, Long> acked = new ConcurrentHashMap<>(); // event -> version acknowledged
        AtomicLong[] keyedStarted = new AtomicLong[names]; // keyed appends begun per stream (for failure messages)
        for (int s = 0; s < names; s++) {
            keyedStarted[s] = new AtomicLong();
        }
        AtomicLong clearsStarted = new AtomicLong();
        AtomicLong clearsFinished = new AtomicLong();
        AtomicLong restarts = new AtomicLong();
        AtomicLong retriedAfterForget = new AtomicLong();
        ConcurrentRun run = new ConcurrentRun("forget-on-clear", Duration.ofSeconds(3));
        for (int p = 0; p < PRODUCERS; p++) {
            final int producer = p;
            final Random rnd = new Random(seed + p);
            run.producer(() -> {
                long[] previous = new long[names];
                long[] finishedBeforePrevious = new long[names];
                java.util.Arrays.fill(previous, -1);
                // past the quota, producers go on (within the time limit) until a clear has forgotten a stream, so
                // a fast run cannot finish before the race this test is about happened once
                for (int seq = 0; (seq < 20_000 || streams.forgottenStreams() == 0) && !run.timeUp(); seq++) {
                    int s = rnd.nextInt(names);
                    long finishedBefore = clearsFinished.get();
                    long e = event(producer, seq);
                    boolean keyed = rnd.nextInt(4) == 0;
                    long keyedBefore = keyed ? keyedStarted[s].getAndIncrement() : 0;
                    long v = keyed
                            ? streams.append("s" + s, e, ExpectedVersion.ANY, "k" + e).version()
                            : streams.append("s" + s, e); // never a StreamLimitExceededException: one slot per name
                    acked.put(e, v);
                    if (keyed) {
                        // a retry is recognised by its key, unless a clear forgot the stream (and its keys) since
                        keyedStarted[s].incrementAndGet();
                        AppendResult retry = streams.append("s" + s, e + 1_000_000, ExpectedVersion.ANY, "k" + e);
                        if (retry.duplicate()) {
                            assertThat(retry.version()).as("retry of k%d", e).isEqualTo(v);
                        } else {
                            assertThat(clearsStarted.get()).as("k%d stored twice without a clear (%d streams "
                                            + "forgotten so far, %d other keyed appends to s%d begun since)", e,
                                            streams.forgottenStreams(), keyedStarted[s].get() - keyedBefore - 2, s)
                                    .isGreaterThan(finishedBefore);
                            acked.put(e + 1_000_000, retry.version());
                            retriedAfterForget.incrementAndGet();
                        }
                    }
                    if (v <= previous[s]) {
                        // only a forget in between restarts a stream: a clear overlapping both appends
                        assertThat(clearsStarted.get()).as("s%d went from %d to %d without a clear", s, previous[s], v)
                                .isGreaterThan(finishedBeforePrevious[s]);
                        restarts.incrementAndGet();
                    }
                    previous[s] = v;
                    finishedBeforePrevious[s] = finishedBefore;
                }
            });
        }
        final Random readerRnd = new Random(seed);
        run.helper(() -> {
            String name = "s" + readerRnd.nextInt(names);
            StreamSlice<Long> slice = streams.read(name, 0, 1_000);
            long expected = slice.events().isEmpty() ? 0 : slice.events().get(0).version();
            for (StreamRecord<Long> r : slice.events()) {
                assertThat(r.version()).isEqualTo(expected++);
            }
            assertThat(streams.streamCount()).isBetween(0, names + PRODUCERS); // creations over the limit back out
        });
        run.helper(() -> {
            clearsStarted.incrementAndGet();
            streams.store().clear();
            clearsFinished.incrementAndGet();
        });
        run.execute();
        System.out.println("[stress] forget-on-clear: " + clearsFinished + " clears, " + streams.forgottenStreams()
                + " streams forgotten, " + restarts + " restarts seen by producers, " + retriedAfterForget
                + " retries stored again after a forget, " + acked.size() + " appends");
        assertThat(streams.forgottenStreams()).as("no stream was forgotten: the race was not exercised").isPositive();

        assertStoreAndStreamsAgree(streams, names, acked);
        // at quiescence a clear forgets every stream
        streams.store().clear();
        assertThat(streams.streamCount()).isZero();
        for (int s = 0; s < names; s++) {
            assertThat(streams.exists("s" + s)).isFalse();
            assertThat(streams.append("s" + s, event(PRODUCERS, s))).isZero();
        }
        assertThat(streams.streamCount()).isEqualTo(names);
    }

    @Test
    void reclaimsAtTheLimitRacingAppendsNeverLeaveARecordOfAForgottenStream() {
        final long seed = ConcurrentRun.seed("streams reclaimed at the limit");
        final int names = 16;
        final int maxStreams = 4;
        EventStreams<Long> streams = EventStreams.<Long>builder().partitions(2).capacityPerPartition(8)
                .maxStreams(maxStreams).build();
        Map<Long, Long> acked = new ConcurrentHashMap<>();
        AtomicLong refused = new AtomicLong();
        AtomicLong readsOverAnInstantsBound = new AtomicLong();
        ConcurrentRun run = new ConcurrentRun("reclaim", Duration.ofSeconds(3));
        for (int p = 0; p < PRODUCERS; p++) {
            final int producer = p;
            final Random rnd = new Random(seed + p);
            run.producer(() -> {
                // as above: on until a creation at the limit has reclaimed a stream once
                for (int seq = 0; (seq < 50_000 || streams.forgottenStreams() == 0) && !run.timeUp(); seq++) {
                    // a few hot streams keep the partitions moving; the others come and go
                    int s = rnd.nextInt(3) == 0 ? rnd.nextInt(names) : rnd.nextInt(2);
                    long e = event(producer, seq);
                    try {
                        long v = rnd.nextInt(4) == 0
                                ? streams.append("s" + s, e, ExpectedVersion.ANY, "k" + e).version()
                                : streams.append("s" + s, e);
                        acked.put(e, v);
                    } catch (StreamLimitExceededException limit) {
                        refused.incrementAndGet();
                    }
                }
            });
        }
        final Random readerRnd = new Random(seed);
        run.helper(() -> {
            String name = "s" + readerRnd.nextInt(names);
            long forgottenBefore = streams.forgottenStreams();
            long before = streams.currentVersion(name);
            StreamSlice<Long> slice = streams.read(name, 0, 100);
            long expected = slice.events().isEmpty() ? 0 : slice.events().get(0).version();
            for (StreamRecord<Long> r : slice.events()) {
                assertThat(r.version()).isEqualTo(expected++);
            }
            // At any instant a stream retains at most capacity (8, one partition) + PRODUCERS versions: those in
            // the store, plus per producer one claimed but not yet stored or one evicted whose callback has not
            // run yet. A read is not a snapshot, though: it walks the slots while appends add versions and the
            // store evicts old ones, so it returns versions retained when it read them. Those up to `before` were
            // all retained when `before` was read (a version once evicted stays evicted); the rest were appended
            // during the read. Same log throughout unless a stream was forgotten meanwhile.
            if (streams.forgottenStreams() == forgottenBefore && !slice.events().isEmpty()) {
                long appendedDuringRead = slice.lastVersion() - before;
                assertThat(slice.events().size()).as("%s read %s, current version %d before the read", name,
                        slice.events().stream().map(StreamRecord::version).toList(), before)
                        .isLessThanOrEqualTo(8 + PRODUCERS + (int) appendedDuringRead);
                if (slice.events().size() > 8 + PRODUCERS) {
                    readsOverAnInstantsBound.incrementAndGet(); // possible only with appends during the read
                }
            }
            assertThat(streams.streamCount()).isBetween(0, maxStreams + PRODUCERS); // transient over-counts back out
        });
        run.execute();
        System.out.println("[stress] reclaim: " + streams.forgottenStreams() + " streams reclaimed, " + refused
                + " creations refused, " + acked.size() + " appends, " + readsOverAnInstantsBound
                + " reads longer than a stream retains at an instant (versions appended during the read)");
        assertThat(streams.forgottenStreams()).as("no stream was reclaimed: the race was not exercised").isPositive();
        assertStoreAndStreamsAgree(streams, names, acked);
        assertThat(streams.streamCount()).isLessThanOrEqualTo(maxStreams);
    }

    /**
     * At quiescence: the store holds only records of the streams as they are now (no record of a forgotten
     * incarnation), each stream's retained versions are in the store, every acknowledged append whose record
     * the store holds is readable at its version, and the count is the number of existing streams.
     */
    private static void assertStoreAndStreamsAgree(EventStreams<Long> streams, int names, Map<Long, Long> acked) {
        Map<String, List<StreamRecord<Long>>> inStore = new HashMap<>();
        for (StreamRecord<Long> r : streams.store().snapshot()) {
            inStore.computeIfAbsent(r.stream(), n -> new ArrayList<>()).add(r);
        }
        int existing = 0;
        for (int s = 0; s < names; s++) {
            String name = "s" + s;
            long current = streams.currentVersion(name);
            existing += current >= 0 ? 1 : 0;
            StreamSlice<Long> view = streams.read(name, 0, EventStreams.MAX_READ_COUNT);
            Map<StreamRecord<Long>, Boolean> viewed = new IdentityHashMap<>();
            view.events().forEach(r -> viewed.put(r, true));
            Map<Long, StreamRecord<Long>> byVersion = new HashMap<>();
            for (StreamRecord<Long> r : inStore.getOrDefault(name, List.of())) {
                assertThat(acked.get(r.event())).as("%s holds an append never acknowledged", name)
                        .isEqualTo(r.version());
                assertThat(byVersion.put(r.version(), r)).as("two records of %s at version %d: one is of a "
                        + "forgotten stream", name, r.version()).isNull();
                assertThat(r.version()).as("%s record above its current version %d (of a forgotten stream)", name,
                        current).isLessThanOrEqualTo(current);
                if (!view.events().isEmpty() && r.version() >= view.events().get(0).version()) {
                    // an acknowledged append the store holds is readable at its version
                    assertThat(viewed).as("%s version %d is stored but not readable", name, r.version())
                            .containsKey(r);
                }
            }
            for (StreamRecord<Long> r : view.events()) {
                assertThat(byVersion.get(r.version())).as("%s version %d readable but not stored", name, r.version())
                        .isSameAs(r);
            }
        }
        assertThat(streams.streamCount()).as("stream count vs existing streams").isEqualTo(existing);
    }
}
