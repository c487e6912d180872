package dev.lockfree.eventstore.jcstress;

import dev.lockfree.eventstore.stream.EventStreams;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Gap-free reads. The stream holds version 0; the appender adds versions 1 and 2. The reader reads version
 * 2 alone, then version 1 alone, then the whole stream: a reader that has seen version 2 must then see
 * version 1, and every read is a gap-free run of fully published records (event "e<v>" at version v).
 * r1 = read(2, 1), r2 = read(1, 1), r3 = read(0, 10), each as the digits of version + 1.
 */
@JCStressTest
@Description("Append of versions 1, 2 vs reads of 2, then 1, then all: never 2 without 1, never a torn record.")
@Outcome(id = {"0, 0, 1", "0, 0, 12", "0, 0, 123", "0, 2, 12", "0, 2, 123", "3, 2, 123"}, expect = ACCEPTABLE,
        desc = "each read sees a prefix of the appends, later reads see at least as much")
@Outcome(id = {"3, 0, .*"}, expect = FORBIDDEN, desc = "saw version 2, then not version 1: a gap")
@Outcome(expect = FORBIDDEN, desc = "a gap, a torn record, or a later read seeing less")
@State
public class StreamAppendVsReadTest {

    final EventStreams<String> streams = Streams.create();

    public StreamAppendVsReadTest() {
        streams.append("s", "e0");
    }

    @Actor
    public void appender() {
        streams.append("s", "e1");
        streams.append("s", "e2");
    }

    @Actor
    public void reader(III_Result r) {
        r.r1 = Streams.digits(streams.read("s", 2, 1));
        r.r2 = Streams.digits(streams.read("s", 1, 1));
        r.r3 = Streams.digits(streams.read("s", 0, 10));
    }
}
