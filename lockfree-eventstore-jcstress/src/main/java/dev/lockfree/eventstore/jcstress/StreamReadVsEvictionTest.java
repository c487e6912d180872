package dev.lockfree.eventstore.jcstress;

import dev.lockfree.eventstore.stream.EventStreams;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Reads racing eviction. The store keeps 2 records; the stream holds versions 0 and 1. The appender adds
 * version 2, which makes the store evict version 0, so the stream forgets it (its slot becomes EVICTED) while
 * the reader reads from 0, twice. Every read is a gap-free run of fully published records; a read that finds
 * version 0 gone also sees version 2 (version 2 was assigned before its record reached the store and evicted
 * version 0); a later read never sees less, nor an evicted version again.
 * r1, r2 = the two reads, as digits of version + 1.
 */
@JCStressTest
@Description("Append evicting version 0 vs reads from 0: always a gap-free run, never a torn record.")
@Outcome(id = {"12, 12", "12, 123", "12, 23", "123, 123", "123, 23", "23, 23"},
        expect = ACCEPTABLE, desc = "runs of consecutive versions; the oldest only ever moves forward")
@Outcome(id = {"2, .*", ".*, 2"}, expect = FORBIDDEN, desc = "version 0 gone but version 2 not visible")
@Outcome(expect = FORBIDDEN, desc = "a gap, a torn record, an evicted version coming back, or a read seeing less")
@State
public class StreamReadVsEvictionTest {

    final EventStreams<String> streams = EventStreams.<String>builder().partitions(1).capacityPerPartition(2).build();

    public StreamReadVsEvictionTest() {
        streams.append("s", "e0");
        streams.append("s", "e1");
    }

    @Actor
    public void appender() {
        streams.append("s", "e2");
    }

    @Actor
    public void reader(II_Result r) {
        r.r1 = Streams.digits(streams.read("s", 0, 10));
        r.r2 = Streams.digits(streams.read("s", 0, 10));
    }
}
