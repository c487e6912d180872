package dev.lockfree.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link StoreInternals.Capture#withoutOldest}, which a snapshot uses on its last capture attempt to keep only the
 * events whose feed timestamps are still there: the oldest {@code n} events go with their timestamps, the sequence
 * range shrinks from below, and only the missing timestamps among the dropped ones stop counting as missing.
 */
class CaptureWithoutOldestTest {

    private static final long T = 1_700_000_000_000L;
    private static final List<String> EVENTS = List.of("a", "b", "c", "d", "e");

    /** Sequences 10..14, three clear/purge passes before it, the two oldest timestamps lapped. */
    private static StoreInternals.Capture<String> lappedCapture() {
        return new StoreInternals.Capture<>(EVENTS, 10, 14, 3, new long[] {-1, -1, T + 2, T + 3, T + 4}, 2);
    }

    @Test
    void droppingNothingIsTheSameCapture() {
        StoreInternals.Capture<String> capture = lappedCapture();
        assertThat(capture.withoutOldest(0)).isSameAs(capture);
        assertThat(capture.withoutOldest(-1)).isSameAs(capture);
    }

    @Test
    void droppingFewerThanTheMissingOnesLeavesTheRestMissing() {
        StoreInternals.Capture<String> newer = lappedCapture().withoutOldest(1);
        assertThat(newer.events()).containsExactly("b", "c", "d", "e");
        assertThat(newer.firstSequence()).isEqualTo(11);
        assertThat(newer.lastSequence()).isEqualTo(14);
        assertThat(newer.removals()).isEqualTo(3);
        assertThat(newer.timestamps()).containsExactly(-1, T + 2, T + 3, T + 4);
        assertThat(newer.missingTimestamps()).isEqualTo(1);
    }

    @Test
    void droppingExactlyTheMissingOnesLeavesEveryTimestamp() {
        StoreInternals.Capture<String> newer = lappedCapture().withoutOldest(2);
        assertThat(newer.events()).containsExactly("c", "d", "e");
        assertThat(newer.firstSequence()).isEqualTo(12);
        assertThat(newer.lastSequence()).isEqualTo(14);
        assertThat(newer.removals()).isEqualTo(3);
        assertThat(newer.timestamps()).containsExactly(T + 2, T + 3, T + 4);
        assertThat(newer.missingTimestamps()).isZero();
    }

    @Test
    void droppingMoreThanTheMissingOnesDropsTimestampedEventsToo() {
        StoreInternals.Capture<String> newer = lappedCapture().withoutOldest(3);
        assertThat(newer.events()).containsExactly("d", "e");
        assertThat(newer.firstSequence()).isEqualTo(13);
        assertThat(newer.lastSequence()).isEqualTo(14);
        assertThat(newer.timestamps()).containsExactly(T + 3, T + 4);
        assertThat(newer.missingTimestamps()).isZero();
    }

    @Test
    void droppingAllLeavesAnEmptyCaptureEndingAtTheSameSequence() {
        for (int n : new int[] {5, 6, Integer.MAX_VALUE}) {
            StoreInternals.Capture<String> empty = lappedCapture().withoutOldest(n);
            assertThat(empty.events()).as("n=%d", n).isEmpty();
            assertThat(empty.firstSequence()).as("n=%d: lastSequence + 1, as for any empty capture", n).isEqualTo(15);
            assertThat(empty.lastSequence()).as("n=%d", n).isEqualTo(14);
            assertThat(empty.removals()).as("n=%d", n).isEqualTo(3);
            assertThat(empty.timestamps()).as("n=%d", n).isNotNull().isEmpty();
            assertThat(empty.missingTimestamps()).as("n=%d", n).isZero();
        }
    }

    @Test
    void theTrimmedTimestampsAreItsOwn() {
        // a snapshot takes the capture's timestamps as owned (EventTimestamps.ofOwned): trimming must copy them
        StoreInternals.Capture<String> capture = lappedCapture();
        StoreInternals.Capture<String> newer = capture.withoutOldest(2);
        newer.timestamps()[0] = 42;
        assertThat(capture.timestamps()).containsExactly(-1, -1, T + 2, T + 3, T + 4);
    }

    @Test
    void aCaptureWithoutTimestampsStaysWithoutThem() {
        StoreInternals.Capture<String> capture = new StoreInternals.Capture<>(EVENTS, 10, 14, 0);
        StoreInternals.Capture<String> newer = capture.withoutOldest(2);
        assertThat(newer.events()).containsExactly("c", "d", "e");
        assertThat(newer.firstSequence()).isEqualTo(12);
        assertThat(newer.timestamps()).isNull();
        assertThat(newer.missingTimestamps()).isZero();
        assertThat(capture.withoutOldest(5).timestamps()).isNull();
        assertThat(capture.withoutOldest(5).firstSequence()).isEqualTo(15);
    }
}
