package dev.lockfree.eventstore.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bulk capture (stamps checked block by block, events copied per ring segment, tail re-read) at ring level:
 * exact at quiescence for every fill level and wrap point, including blocks cut short by the end of the ring, and
 * a contiguous run with the right sequence range while a producer laps the ring underneath it. Event {@code v}
 * sits at position {@code v - 1}.
 */
class PartitionRingCaptureTest {

    private static PartitionRing<Long> ring(int capacity) {
        return new PartitionRing<>(capacity, false, null, null, new CallbackFailures());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 1023, 1024, 1025, 2500, 4096})
    void aQuietCaptureHoldsExactlyTheRetainedEvents(int capacity) {
        PartitionRing<Long> ring = ring(capacity);
        // every fill level of the first lap, then wrap points spread over three more laps (blocks cut at the ring's end)
        for (long v = 1; v <= 4L * capacity; v++) {
            ring.offer(v);
            if (v <= capacity ? v % Math.max(1, capacity / 50) == 0 || v < 4 : v % Math.max(1, capacity / 7 + 1) == 0) {
                PartitionRing.Capture<Long> c = ring.capture();
                long first = Math.max(1, v - capacity + 1);
                assertThat(c.firstSequence()).as("first sequence after %d appends", v).isEqualTo(first - 1);
                assertThat(c.lastSequence()).as("last sequence after %d appends", v).isEqualTo(v - 1);
                assertThat(c.events()).as("events after %d appends", v).hasSize((int) (v - first + 1));
                assertThat(c.events().get(0)).isEqualTo(first);
                assertThat(c.events().get(c.events().size() - 1)).isEqualTo(v);
                assertConsecutive(c.events(), "quiet capture after " + v + " appends");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 1030, 3000})
    void aCaptureRacingALappingProducerIsAContiguousRunWithItsRange(int capacity) throws InterruptedException {
        PartitionRing<Long> ring = ring(capacity);
        final long appends = 3_000_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                start.await();
                for (long v = 1; v <= appends; v++) {
                    ring.offer(v);
                }
            } catch (Throwable t) {
                producerFailure.set(t);
            }
        }, "capture-test-producer");
        producer.start();
        start.countDown();
        long captures = 0;
        long nonEmpty = 0;
        long shortened = 0;
        List<String> problems = new ArrayList<>();
        while (producer.isAlive() || captures == 0) {
            long tailBefore = ring.nextSequence();
            PartitionRing.Capture<Long> c = ring.capture();
            long tailAfter = ring.nextSequence();
            captures++;
            List<Long> events = c.events();
            if (events.isEmpty()) {
                if (c.lastSequence() != c.firstSequence() - 1) {
                    problems.add("empty capture with range " + c.firstSequence() + ".." + c.lastSequence());
                }
                continue;
            }
            nonEmpty++;
            String problem = null;
            if (events.get(0) == null || events.get(0) != c.firstSequence() + 1) {
                problem = "first event " + events.get(0) + " for first sequence " + c.firstSequence();
            } else if (c.lastSequence() - c.firstSequence() + 1 != events.size()) {
                problem = "range " + c.firstSequence() + ".." + c.lastSequence() + " for " + events.size() + " events";
            } else if (events.size() > capacity) {
                problem = events.size() + " events in a ring of " + capacity;
            } else if (c.lastSequence() >= tailAfter) {
                problem = "last sequence " + c.lastSequence() + " not yet claimed (tail " + tailAfter + ")";
            } else if (c.firstSequence() < tailBefore - capacity) {
                problem = "first sequence " + c.firstSequence() + " was evicted before the capture began (tail " + tailBefore + ")";
            }
            if (problem == null) {
                problem = consecutiveProblem(events);
            }
            if (problem != null && problems.size() < 5) {
                problems.add(problem);
            }
            if (events.size() < capacity && tailBefore >= capacity) {
                shortened++;
            }
        }
        producer.join();
        assertThat(producerFailure.get()).isNull();
        System.out.printf("capture vs producer, capacity %d: %d captures, %d non-empty, %d shorter than the ring%n",
                capacity, captures, nonEmpty, shortened);
        assertThat(problems).as("torn, stale or misnumbered captures").isEmpty();
        assertThat(nonEmpty).as("captures that held events").isPositive();
        PartitionRing.Capture<Long> last = ring.capture();
        assertThat(last.lastSequence()).isEqualTo(appends - 1);
        assertThat(last.events()).hasSize((int) Math.min(capacity, appends));
        assertConsecutive(last.events(), "final capture");
    }

    private static void assertConsecutive(List<Long> events, String what) {
        assertThat(consecutiveProblem(events)).as(what).isNull();
    }

    private static String consecutiveProblem(List<Long> events) {
        for (int k = 1; k < events.size(); k++) {
            Long previous = events.get(k - 1);
            Long current = events.get(k);
            if (previous == null || current == null || current != previous + 1) {
                return "not consecutive at index " + k + ": " + previous + " then " + current;
            }
        }
        return null;
    }
}
