package dev.lockfree.eventstore.stream;

import dev.lockfree.eventstore.MutableClock;
import dev.lockfree.eventstore.property.Seeds.Gen;
import dev.lockfree.eventstore.property.Seeds;
import dev.lockfree.eventstore.protocol.ExpectedVersion;
import static dev.lockfree.eventstore.property.Seeds.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Any sequence of appends (with and without expected versions and keys), reads, clock moves, clears and
 * purges gives the answers of a plain sequential model: per stream a version counter and a retained suffix,
 * one FIFO of records per store partition (one partition here, capacity 1..6, so streams evict each other),
 * and a dedupe horizon of the last N resolved keys within a max age. Forgetting: a clear/purge forgets every
 * stream it leaves without events; at the limit, a creation reclaims the first queued stream emptied by
 * evictions whose newest record's store position the partition has lapped (a few tries, in queue order).
 *
 * <p>The cases run as dynamic tests named by seed (see {@link Seeds}); a failure prints the whole sequence.
 */
class EventStreamsProperties {

    static final List<String> STREAMS = List.of("a", "b", "gw/c", "d", "e");
    static final List<String> KEYS = List.of("k1", "k2", "k3", "k4");
    static final long MAX_AGE = 50;

    sealed interface Op permits Append, Read, Tick, Clear, Purge {
    }

    /** {@code expected}: -2 any, -1 no stream, -4 exists, else exact; {@code key} may be null. */
    record Append(String stream, long expected, String key) implements Op {
    }

    record Read(String stream, long from, int max) implements Op {
    }

    record Tick(long millis) implements Op {
    }

    record Clear() implements Op {
    }

    record Purge(long ageMillis) implements Op {
    }

    record Config(int capacity, int maxStreams, int keysPerStream) {
    }

    static Config config(Gen g) {
        return new Config(g.intBetween(1, 6), g.intBetween(1, 5), g.intBetween(0, 3));
    }

    static List<Op> ops(Gen g) {
        Supplier<String> streams = () -> g.of(STREAMS);
        Supplier<Long> expected = () -> g.frequencyOf(
                weighted(4, () -> -2L),
                weighted(1, () -> -1L),
                weighted(1, () -> -4L),
                weighted(3, () -> g.longBetween(0, 6)));
        Supplier<String> keys = () -> g.orNull(0.5, () -> g.of(KEYS));
        Supplier<Op> append = () -> new Append(streams.get(), expected.get(), keys.get());
        Supplier<Op> read = () -> new Read(streams.get(), g.longBetween(0, 8), g.intBetween(1, 5));
        Supplier<Op> tick = () -> new Tick(g.longBetween(1, 40));
        Supplier<Op> clear = Clear::new;
        Supplier<Op> purge = () -> new Purge(g.longBetween(0, 60));
        return g.listOf(1, 60, () -> g.<Op>frequencyOf(
                weighted(10, append), weighted(4, read), weighted(2, tick), weighted(1, clear), weighted(1, purge)));
    }

    /** A generated case: the streams' configuration and the operations to run. */
    record Case(Config config, List<Op> ops) {
        @Override
        public String toString() {
            return Seeds.steps(config, ops);
        }
    }

    @TestFactory
    Stream<DynamicTest> anySequenceMatchesTheSequentialModel() {
        return Seeds.property(getClass(), "anySequenceMatchesTheSequentialModel", 400)
                .forAll(g -> new Case(config(g), ops(g)), c -> anySequenceMatchesTheSequentialModel(c.config(), c.ops()));
    }

    void anySequenceMatchesTheSequentialModel(Config config, List<Op> ops) {
        MutableClock clock = MutableClock.atEpochMilli(1_000_000L);
        EventStreams<String> streams = EventStreams.<String>builder().partitions(1)
                .capacityPerPartition(config.capacity()).maxStreams(config.maxStreams())
                .dedupe(config.keysPerStream(), Duration.ofMillis(MAX_AGE)).clock(clock).build();
        Model model = new Model(config, clock);
        int step = 0;
        for (Op op : ops) {
            step++; // numbered from 1, as the printed case numbers its steps
            String at = "step " + step + " " + op;
            if (op instanceof Append a) {
                ExpectedVersion expected = ExpectedVersion.of(a.expected());
                String event = "e" + step;
                Object actual;
                try {
                    actual = a.key() == null ? (Object) streams.append(a.stream(), event, expected)
                            : streams.append(a.stream(), event, expected, a.key());
                } catch (WrongExpectedVersionException e) {
                    actual = "wrong:" + e.currentVersion();
                } catch (StreamLimitExceededException e) {
                    actual = "limit";
                }
                assertThat(actual).as(at).isEqualTo(model.append(a, expected, event));
            } else if (op instanceof Read r) {
                StreamSlice<String> slice = streams.read(r.stream(), r.from(), r.max());
                assertThat(slice).as(at).isEqualTo(model.read(r));
            } else if (op instanceof Tick t) {
                clock.advance(Duration.ofMillis(t.millis()));
            } else if (op instanceof Clear) {
                streams.store().clear();
                model.clear();
            } else if (op instanceof Purge p) {
                Instant cutoff = clock.instant().minusMillis(p.ageMillis());
                assertThat(streams.store().purge(cutoff)).as(at).isEqualTo(model.purge(cutoff.toEpochMilli()));
            }
            for (String s : STREAMS) {
                assertThat(streams.currentVersion(s)).as(at + " currentVersion " + s).isEqualTo(model.end(s) - 1);
            }
            assertThat(streams.store().count()).as(at).isEqualTo(model.fifo.size());
            assertThat(streams.streamCount()).as(at).isEqualTo(model.streams.size());
        }
    }

    /** The sequential specification. */
    static final class Model {
        final Config config;
        final MutableClock clock;
        final Map<String, ModelStream> streams = new HashMap<>();
        final Deque<StreamRecord<String>> fifo = new ArrayDeque<>();

        Model(Config config, MutableClock clock) {
            this.config = config;
            this.clock = clock;
        }

        static final class ModelStream {
            long end;
            long oldest;
            final List<StreamRecord<String>> records = new ArrayList<>(); // versions oldest..end-1
            /** Resolutions, newest last: key, version, timestamp. */
            final Deque<Object[]> resolutions = new ArrayDeque<>();
            /** The newest store position of its records (raised by every clear/purge that removed something). */
            long lastPosition = -1;
            boolean queued;
        }

        /** The store's next position (sequence) in the one partition. */
        long tail;
        final Deque<ModelStream> candidates = new ArrayDeque<>();

        long end(String stream) {
            ModelStream s = streams.get(stream);
            return s == null ? 0 : s.end;
        }

        Object append(Append a, ExpectedVersion expected, String event) {
            ModelStream s = streams.get(a.stream());
            long now = clock.millis();
            if (s != null && a.key() != null && config.keysPerStream() > 0) {
                Object[] hit = null;
                int fromNewest = 0;
                for (Iterator<Object[]> it = s.resolutions.descendingIterator(); it.hasNext(); fromNewest++) {
                    Object[] r = it.next();
                    if (r[0].equals(a.key())) {
                        hit = fromNewest < config.keysPerStream() ? r : null;
                        break;
                    }
                }
                if (hit != null && now - (long) hit[2] <= MAX_AGE) {
                    return new AppendResult((long) hit[1], true);
                }
            }
            long current = s == null ? -1 : s.end - 1;
            if (!expected.matches(current)) {
                return "wrong:" + current;
            }
            if (s == null) {
                if (streams.size() >= config.maxStreams() && !reclaimOne()) {
                    return "limit";
                }
                s = new ModelStream();
                streams.put(a.stream(), s);
            }
            long timestamp = s.records.isEmpty() ? now : Math.max(now, s.records.get(s.records.size() - 1).timestamp());
            StreamRecord<String> record = new StreamRecord<>(a.stream(), s.end, timestamp, a.key(), event);
            s.end++;
            s.records.add(record);
            if (a.key() != null && config.keysPerStream() > 0) {
                s.resolutions.addLast(new Object[] {a.key(), record.version(), timestamp});
            }
            fifo.addLast(record);
            long position = tail++;
            if (fifo.size() > config.capacity()) {
                evictedByStore(fifo.removeFirst());
            }
            s.lastPosition = Math.max(s.lastPosition, position);
            return a.key() == null ? (Object) record.version() : new AppendResult(record.version(), false);
        }

        private void evict(StreamRecord<String> record) {
            ModelStream s = streams.get(record.stream());
            while (s.oldest <= record.version()) {
                s.records.remove(0);
                s.oldest++;
            }
        }

        /** A ring eviction: a stream it empties is queued as a reclaim candidate (once). */
        private void evictedByStore(StreamRecord<String> record) {
            evict(record);
            ModelStream s = streams.get(record.stream());
            if (s.oldest >= s.end && !s.queued) {
                s.queued = true;
                candidates.addLast(s);
            }
        }

        private boolean reclaimOne() {
            for (int attempt = 0; attempt < 8; attempt++) {
                ModelStream s = candidates.pollFirst();
                if (s == null) {
                    return false;
                }
                boolean current = streams.containsValue(s);
                if (!current || s.oldest < s.end) {
                    s.queued = false;
                } else if ((tail - 1) - config.capacity() < s.lastPosition) {
                    candidates.addLast(s); // not lapped yet
                } else {
                    streams.values().remove(s);
                    return true;
                }
            }
            return false;
        }

        /** After a clear/purge that removed something: records may have moved; emptied streams are forgotten. */
        private void reconcile() {
            for (ModelStream s : streams.values()) {
                s.lastPosition = Math.max(s.lastPosition, tail - 1);
            }
            streams.values().removeIf(s -> s.oldest >= s.end);
            candidates.removeIf(s -> !streams.containsValue(s));
        }

        void clear() {
            boolean removed = !fifo.isEmpty();
            while (!fifo.isEmpty()) {
                evict(fifo.removeFirst());
            }
            if (removed) {
                reconcile();
            }
        }

        long purge(long cutoff) {
            long removed = 0;
            for (Iterator<StreamRecord<String>> it = fifo.iterator(); it.hasNext(); ) {
                StreamRecord<String> r = it.next();
                if (r.timestamp() < cutoff) {
                    it.remove();
                    evict(r);
                    removed++;
                }
            }
            if (removed > 0) {
                reconcile();
            }
            return removed;
        }

        StreamSlice<String> read(Read r) {
            ModelStream s = streams.get(r.stream());
            if (s == null) {
                return new StreamSlice<>(r.stream(), r.from(), List.of(), -1, -1, r.from());
            }
            long start = Math.max(r.from(), s.oldest);
            long stop = Math.min(s.end, start + r.max());
            List<StreamRecord<String>> out = new ArrayList<>();
            for (long v = start; v < stop; v++) {
                out.add(s.records.get((int) (v - s.oldest)));
            }
            return new StreamSlice<>(r.stream(), r.from(), out, s.oldest < s.end ? s.oldest : -1, s.end - 1,
                    Math.max(start, stop));
        }
    }
}
