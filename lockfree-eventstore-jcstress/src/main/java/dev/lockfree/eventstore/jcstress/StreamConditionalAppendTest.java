package dev.lockfree.eventstore.jcstress;

import dev.lockfree.eventstore.protocol.ExpectedVersion;
import dev.lockfree.eventstore.stream.EventStreams;
import dev.lockfree.eventstore.stream.WrongExpectedVersionException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Two conditional appends with the same expectation race on one stream: exactly one succeeds, the other
 * is refused with the winner's version as the current version, and exactly one record is stored.
 * r1, r2 = the version each actor got, or -1 when refused with the right current version (-9: anything
 * else); r3 = current version * 10 + records of the stream in the store.
 */
public class StreamConditionalAppendTest {

    private StreamConditionalAppendTest() {
    }

    static int append(EventStreams<String> streams, ExpectedVersion expected, long winnerVersion) {
        try {
            return (int) streams.append("s", "e" + (expected.value() + 1), expected);
        } catch (WrongExpectedVersionException e) {
            return e.currentVersion() == winnerVersion ? Streams.WRONG : Streams.STRANGE;
        } catch (RuntimeException e) {
            return Streams.STRANGE;
        }
    }

    @JCStressTest
    @Description("Two appends expecting version 0 on a stream at version 0: one gets 1, the other is refused.")
    @Outcome(id = {"1, -1, 12", "-1, 1, 12"}, expect = ACCEPTABLE, desc = "exactly one appended version 1")
    @Outcome(expect = FORBIDDEN, desc = "both, neither, a wrong version, or a wrong current version reported")
    @State
    public static class Exactly {
        final EventStreams<String> streams = Streams.create();

        public Exactly() {
            streams.append("s", "e0");
        }

        @Actor
        public void first(III_Result r) {
            r.r1 = append(streams, ExpectedVersion.exactly(0), 1);
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = append(streams, ExpectedVersion.exactly(0), 1);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = Streams.state(streams, "s");
        }
    }

    @JCStressTest
    @Description("Two appends expecting no stream: one creates it with version 0, the other is refused.")
    @Outcome(id = {"0, -1, 1", "-1, 0, 1"}, expect = ACCEPTABLE, desc = "exactly one appended version 0")
    @Outcome(expect = FORBIDDEN, desc = "both, neither, a wrong version, or a wrong current version reported")
    @State
    public static class NoStream {
        final EventStreams<String> streams = Streams.create();

        @Actor
        public void first(III_Result r) {
            r.r1 = append(streams, ExpectedVersion.NO_STREAM, 0);
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = append(streams, ExpectedVersion.NO_STREAM, 0);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = Streams.state(streams, "s");
        }
    }
}
