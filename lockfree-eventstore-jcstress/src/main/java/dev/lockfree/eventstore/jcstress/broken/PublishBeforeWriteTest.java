package dev.lockfree.eventstore.jcstress.broken;

import dev.lockfree.eventstore.jcstress.Rings;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import java.util.ArrayList;
import java.util.List;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The broken twin of ReaderVsProducerTest.Cap2, run against {@link PublishBeforeWriteRing}. It MUST
 * fail: it proves that the harness, the outcome encoding and the build step catch a torn read. It is
 * kept out of the default run (the default test regex only matches classes directly in
 * {@code dev.lockfree.eventstore.jcstress}); run it by hand with
 * {@code ./mvnw -B -pl lockfree-eventstore-jcstress verify -Djcstress.tests=broken} and expect the build
 * to fail with FORBIDDEN outcomes such as {@code 21} or {@code 32} (a slot stamped for the new position
 * but still holding the previous lap's event).
 */
@JCStressTest
@Description("BROKEN ON PURPOSE: publish before write. Must report FORBIDDEN outcomes.")
@Outcome(id = "0", expect = ACCEPTABLE, desc = "empty")
@Outcome(id = {"1", "2", "3", "4", "5"}, expect = ACCEPTABLE, desc = "one event")
@Outcome(id = {"12", "23", "34", "45"}, expect = ACCEPTABLE, desc = "two consecutive events, in order")
@Outcome(expect = FORBIDDEN, desc = "torn read: the previous lap's event under a new stamp")
@State
public class PublishBeforeWriteTest {

    final PublishBeforeWriteRing<Long> ring = new PublishBeforeWriteRing<>(2);

    public PublishBeforeWriteTest() {
        ring.offer(1L);
        ring.offer(2L);
    }

    @Actor
    public void producer() {
        ring.offer(3L);
        ring.offer(4L);
        ring.offer(5L);
    }

    @Actor
    public void reader(I_Result r) {
        List<Long> out = new ArrayList<>(2);
        ring.copyInto(out);
        r.r1 = Rings.digits(out);
    }
}
