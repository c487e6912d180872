package dev.lockfree.eventstore.window;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The owner's split path ({@link OwnedStripe#slotOf} before the ring's claim, {@link OwnedStripe#recordAt} after it)
 * against the cases that must leave it: a pending drop, a cached period fallen behind the horizon, a retired window.
 * The concurrent cases are jcstress's ({@code OwnedStripeTest}, {@code StoreWindowVsClearTest}).
 */
class OwnedStripeTest {

    /** 1 s buckets, 4 of them, one shared and one owned stripe. */
    private final BucketWindow window = new BucketWindow(1_000, 4, 1, 1);
    private final OwnedStripe owner = window.ownedStripe(0);

    private WindowAccumulator period(long period) {
        WindowAccumulator into = new WindowAccumulator();
        window.aggregate(period, period, into);
        return into;
    }

    @Test
    void theSplitPathRecordsWhatRecordWould() {
        assertThat(owner.slotOf(500)).isEqualTo(-1); // nothing cached yet
        assertThat(owner.record(500, 4.0)).isTrue();
        int slot = owner.slotOf(700);
        assertThat(slot).isNotNegative();
        owner.recordAt(slot, 1.0);
        owner.recordAt(owner.slotOf(999), 9.0);
        assertThat(owner.slotOf(1_000)).isEqualTo(-1); // the next period: record() must compute it
        WindowAccumulator p0 = period(0);
        assertThat(p0.count()).isEqualTo(3);
        assertThat(p0.sum()).isEqualTo(14.0);
        assertThat(p0.min()).isEqualTo(1.0);
        assertThat(p0.max()).isEqualTo(9.0);
    }

    @Test
    void aDropEmptiesTheCachedSlotAndTheNextEventOfThatPeriodStartsItAgain() {
        owner.record(500, 1.0);
        window.dropOlderThan(1_000); // period 0 goes
        assertThat(owner.slotOf(600)).as("a drop is pending: leave the split path").isEqualTo(-1);
        assertThat(period(0).count()).as("readers apply the pending drop").isZero();
        assertThat(owner.record(600, 2.0)).isTrue(); // carries the drop out, then records
        WindowAccumulator p0 = period(0);
        assertThat(p0.count()).isEqualTo(1);
        assertThat(p0.sum()).isEqualTo(2.0);
        // the split path is back, on a slot labelled again with period 0
        owner.recordAt(owner.slotOf(650), 3.0);
        assertThat(period(0).count()).isEqualTo(2);
        assertThat(period(0).sum()).isEqualTo(5.0);
    }

    @Test
    void aCachedPeriodBehindTheHorizonIsLate() {
        owner.record(500, 1.0);
        window.record(10_500, 1.0, 0); // another producer moves the window 10 periods on (shared stripe)
        assertThat(owner.slotOf(600)).isEqualTo(-1);
        assertThat(owner.record(600, 1.0)).isFalse();
        assertThat(window.late()).isEqualTo(1);
    }

    @Test
    void anEventOlderThanTheCachedSlotsPeriodIsLateAndKeepsTheCache() {
        owner.record(4_500, 1.0); // period 4, bucket 0
        window.record(4_600, 1.0, 0);
        // period 0 is outside the horizon [1, 4]: late, and the cache still points at period 4
        assertThat(owner.record(500, 7.0)).isFalse();
        owner.recordAt(owner.slotOf(4_700), 2.0);
        assertThat(period(4).count()).isEqualTo(3);
        assertThat(period(4).sum()).isEqualTo(4.0);
    }

    @Test
    void aRetiredWindowSaysSo() {
        assertThat(owner.isRetired()).isFalse();
        window.retire();
        assertThat(owner.isRetired()).isTrue();
    }
}
