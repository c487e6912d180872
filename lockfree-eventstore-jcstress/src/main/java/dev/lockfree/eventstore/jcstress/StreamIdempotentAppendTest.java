package dev.lockfree.eventstore.jcstress;

import dev.lockfree.eventstore.protocol.ExpectedVersion;
import dev.lockfree.eventstore.stream.AppendResult;
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
 * Two appends with the same idempotency key race. r1, r2 = version * 10 + (1 if duplicate), or -1 when
 * refused with a wrong expected version (-9: anything else); r3 = current version * 10 + records of the
 * stream in the store.
 */
public class StreamIdempotentAppendTest {

    private StreamIdempotentAppendTest() {
    }

    static int append(EventStreams<String> streams, ExpectedVersion expected, String event) {
        try {
            AppendResult result = streams.append("s", event, expected, "k");
            return (int) result.version() * 10 + (result.duplicate() ? 1 : 0);
        } catch (WrongExpectedVersionException e) {
            return Streams.WRONG;
        } catch (RuntimeException e) {
            return Streams.STRANGE;
        }
    }

    @JCStressTest
    @Description("Two retries of one key on a new stream: one stores version 0, the other gets 0 as a duplicate.")
    @Outcome(id = {"0, 1, 1", "1, 0, 1"}, expect = ACCEPTABLE, desc = "exactly one stored, both got version 0")
    @Outcome(expect = FORBIDDEN, desc = "stored twice, not stored, or different versions")
    @State
    public static class SameKey {
        final EventStreams<String> streams = Streams.create();

        @Actor
        public void first(III_Result r) {
            r.r1 = append(streams, ExpectedVersion.ANY, "e0");
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = append(streams, ExpectedVersion.ANY, "e0");
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = Streams.state(streams, "s");
        }
    }

    @JCStressTest
    @Description("A retry with a wrong expected version races one with the right one: the key must not stay "
            + "reserved by the failing one, so the right one always stores version 1.")
    @Outcome(id = {"-1, 10, 12", "11, 10, 12"}, expect = ACCEPTABLE,
            desc = "the right one stored version 1; the wrong one was refused, or came after and got a duplicate")
    @Outcome(expect = FORBIDDEN, desc = "the right one was refused or got nothing, or something was stored twice")
    @State
    public static class FailedWinnerReleasesKey {
        final EventStreams<String> streams = Streams.create();

        public FailedWinnerReleasesKey() {
            streams.append("s", "e0");
        }

        @Actor
        public void wrong(III_Result r) {
            r.r1 = append(streams, ExpectedVersion.exactly(5), "e1");
        }

        @Actor
        public void right(III_Result r) {
            r.r2 = append(streams, ExpectedVersion.exactly(0), "e1");
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = Streams.state(streams, "s");
        }
    }
}
