package dev.lockfree.eventstore.jcstress;

import dev.lockfree.eventstore.stream.EventStreams;
import dev.lockfree.eventstore.stream.StreamLimitExceededException;
import dev.lockfree.eventstore.stream.StreamRecord;
import dev.lockfree.eventstore.stream.StreamSlice;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Forgetting a stream (its first free version slot sealed by one CAS) racing an append to it: the append
 * either lands in the old stream before the seal, or creates the fresh stream at version 0; never an
 * acknowledged version whose record the store keeps while the stream does not know it, never a slot counted
 * twice.
 */
public class StreamForgetTest {

    private StreamForgetTest() {
    }

    static final int LIMIT = -2;

    static int append(EventStreams<String> streams, String stream, String event) {
        try {
            return (int) streams.append(stream, event);
        } catch (StreamLimitExceededException e) {
            return LIMIT;
        } catch (RuntimeException e) {
            return Streams.STRANGE;
        }
    }

    /**
     * 1 if the store and the streams agree at quiescence: every record in the store is, at its version, the
     * record its stream holds, or below the oldest version the stream retains (the documented clear race);
     * none is above its stream's current version; no two share a stream and version; the stream count is the
     * number of streams that exist. 0 otherwise.
     */
    static int consistent(EventStreams<String> streams, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (StreamRecord<String> r : streams.store().snapshot()) {
            if (!seen.add(r.stream() + "@" + r.version()) || r.version() > streams.currentVersion(r.stream())) {
                return 0;
            }
            StreamSlice<String> view = streams.read(r.stream(), r.version(), 1);
            boolean held = !view.events().isEmpty() && view.events().get(0) == r;
            boolean below = view.events().isEmpty() ? r.version() <= view.lastVersion()
                    : view.events().get(0).version() > r.version();
            if (!held && !below) {
                return 0;
            }
        }
        int existing = 0;
        for (String name : names) {
            existing += streams.exists(name) ? 1 : 0;
        }
        return existing == streams.streamCount() ? 1 : 0;
    }

    @JCStressTest
    @Description("An append to a stream vs a clear of its store, which forgets the streams it empties.")
    @Outcome(id = "1, -10", expect = ACCEPTABLE, desc = "appended (version 1) before the clear: removed, stream forgotten")
    @Outcome(id = "1, 10", expect = ACCEPTABLE, desc = "appended before the clear removed it, still on its way during "
            + "the scan: removed, the stream continues")
    @Outcome(id = "1, 11", expect = ACCEPTABLE, desc = "appended after the clear's removal: kept, the stream continues")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "appended after the stream was forgotten: a fresh stream at 0")
    @Outcome(expect = FORBIDDEN, desc = "a record of a forgotten stream left in the store, a lost append, a wrong version")
    @State
    public static class VsClear {
        final EventStreams<String> streams = Streams.create();

        public VsClear() {
            streams.append("s", "e0");
        }

        @Actor
        public void appender(II_Result r) {
            r.r1 = append(streams, "s", "x");
        }

        @Actor
        public void clearer() {
            streams.store().clear();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            // current version * 10 + records of "s" in the store; 100 more if store and stream disagree
            r.r2 = Streams.state(streams, "s") + (consistent(streams, List.of("s")) == 1 ? 0 : 100);
        }
    }

    /**
     * Capacity 1, limit 2. "a" and "b" each appended once: b's record evicted a's, so "a" holds no event and
     * may be reclaimed. One actor appends to "a" again, the other creates "c" (at the limit: it reclaims an
     * empty stream, or is refused). r1 = a's version (-2 refused), r2 = c's version (-2 refused), r3 = 1 if
     * store and streams agree afterwards (see {@link #consistent}).
     */
    @JCStressTest
    @Description("An append to an empty stream vs a creation at the limit that reclaims it.")
    @Outcome(id = "1, -2, 1", expect = ACCEPTABLE, desc = "a appended first; nothing to reclaim in time: c refused")
    @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "a appended first; c reclaimed b, emptied by a's append")
    @Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "c reclaimed a; a created afresh (reclaiming b)")
    @Outcome(id = "0, -2, 1", expect = ACCEPTABLE, desc = "c reclaimed a, but a's re-creation took the slot first")
    @Outcome(id = "-2, 0, 1", expect = ACCEPTABLE, desc = "c reclaimed a; a's re-creation found no slot")
    @Outcome(expect = FORBIDDEN, desc = "store and streams disagree, a slot counted twice, or a wrong version")
    @State
    public static class VsReclaim {
        final EventStreams<String> streams = EventStreams.<String>builder().partitions(1).capacityPerPartition(1)
                .maxStreams(2).build();

        public VsReclaim() {
            streams.append("a", "a0");
            streams.append("b", "b0"); // evicts a0
        }

        @Actor
        public void appender(III_Result r) {
            r.r1 = append(streams, "a", "a1");
        }

        @Actor
        public void creator(III_Result r) {
            r.r2 = append(streams, "c", "c0");
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = consistent(streams, List.of("a", "b", "c"));
        }
    }
}
