package dev.lockfree.eventstore.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StripeOwnersTest {

    @Test
    void aStripeHasOneLiveOwnerAndPassesOnWhenItDies() throws Exception {
        StripeOwners owners = new StripeOwners(2);
        AtomicInteger taken = new AtomicInteger(-9);
        Thread first = new Thread(() -> taken.set(owners.stripeOf(4)));
        first.start();
        first.join();
        assertThat(taken).hasValue(0); // 4 mod 2
        // the owner is dead: another thread gets the stripe after at most one liveness check period
        int got = -1;
        for (int i = 0; i < 2 * 4096 && got < 0; i++) {
            got = owners.stripeOf(0);
        }
        assertThat(got).isEqualTo(0);
        assertThat(owners.stripeOf(0)).isEqualTo(0);
        assertThat(owners.stripeOf(1)).isEqualTo(1); // free: taken as well (a thread may own several)
    }

    @Test
    void aLiveOwnerKeepsItsStripe() throws Exception {
        StripeOwners owners = new StripeOwners(1);
        assertThat(owners.stripeOf(0)).isEqualTo(0);
        AtomicInteger other = new AtomicInteger(-9);
        Thread thread = new Thread(() -> {
            int seen = 0;
            for (int i = 0; i < 3 * 4096; i++) {
                seen |= owners.stripeOf(0) == -1 ? 0 : 1;
            }
            other.set(seen);
        });
        thread.start();
        thread.join();
        assertThat(other).hasValue(0);
    }

    @Test
    void noStripesMeansEveryoneShares() {
        assertThat(new StripeOwners(0).stripeOf(3)).isEqualTo(-1);
        assertThatThrownBy(() -> new StripeOwners(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power of two");
    }
}
