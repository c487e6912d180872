package dev.lockfree.sample.dashboard.security;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import dev.lockfree.sample.dashboard.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoginThrottleTest {

    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration LOCKOUT = Duration.ofMinutes(2);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));

    LoginThrottle throttle(int perUser, int perAddress, int maxKeys) {
        return new LoginThrottle(new DashboardSecurityProperties.LoginThrottle(perUser, perAddress, WINDOW, LOCKOUT,
                maxKeys), clock);
    }

    @Test
    void aUserNameIsLockedAfterMaxFailuresForTheLockoutOnly() {
        LoginThrottle throttle = throttle(3, 100, 100);
        for (int i = 0; i < 2; i++) {
            throttle.failed("admin", "10.0.0." + i);
        }
        assertThat(throttle.retryAfter("admin", "10.0.0.9")).isEmpty();

        throttle.failed("admin", "10.0.0.2");

        assertThat(throttle.retryAfter("admin", "10.0.0.9")).contains(LOCKOUT);
        assertThat(throttle.retryAfter("viewer", "10.0.0.9")).as("another user").isEmpty();
        clock.advance(Duration.ofSeconds(90));
        assertThat(throttle.retryAfter("admin", null)).contains(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(30));
        assertThat(throttle.retryAfter("admin", null)).isEmpty();
        throttle.failed("admin", null);
        assertThat(throttle.retryAfter("admin", null)).as("after the lockout the count starts at one").isEmpty();
    }

    @Test
    void anAddressIsLockedAfterItsOwnMaxFailuresWhateverTheUserNames() {
        LoginThrottle throttle = throttle(3, 5, 100);
        for (int i = 0; i < 4; i++) {
            throttle.failed("guess-" + i, "192.0.2.7");
        }
        assertThat(throttle.retryAfter("admin", "192.0.2.7")).isEmpty();

        throttle.failed("guess-4", "192.0.2.7");

        assertThat(throttle.retryAfter("admin", "192.0.2.7")).contains(LOCKOUT);
        assertThat(throttle.retryAfter(null, "192.0.2.7")).contains(LOCKOUT);
        assertThat(throttle.retryAfter("admin", "192.0.2.8")).as("another address").isEmpty();
        throttle.succeeded("admin");
        assertThat(throttle.retryAfter("admin", "192.0.2.7")).as("a success resets the user only").contains(LOCKOUT);
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        LoginThrottle throttle = throttle(3, 100, 100);
        throttle.failed("admin", null);
        throttle.failed("admin", null);
        clock.advance(WINDOW);
        throttle.failed("admin", null);
        throttle.failed("admin", null);

        assertThat(throttle.retryAfter("admin", null)).isEmpty();
        throttle.failed("admin", null);
        assertThat(throttle.retryAfter("admin", null)).isPresent();
    }

    @Test
    void aSuccessResetsTheUsersCount() {
        LoginThrottle throttle = throttle(3, 100, 100);
        throttle.failed("admin", "10.0.0.1");
        throttle.failed("admin", "10.0.0.1");
        throttle.succeeded("admin");
        throttle.failed("admin", "10.0.0.1");
        throttle.failed("admin", "10.0.0.1");

        assertThat(throttle.retryAfter("admin", "10.0.0.1")).isEmpty();
    }

    @Test
    void memoryIsBoundedAndTheKeyUsedLongestAgoIsForgottenFirst() {
        LoginThrottle throttle = throttle(1, 1, 3);
        throttle.failed("a", "10.0.0.1");
        throttle.failed("b", "10.0.0.2");
        throttle.failed("c", "10.0.0.3");
        assertThat(throttle.retryAfter("a", null)).isPresent(); // a lookup makes 'a' the most recently used

        throttle.failed("d", null);
        throttle.failed("e", null);

        assertThat(throttle.retryAfter("b", null)).as("evicted").isEmpty();
        assertThat(throttle.retryAfter("c", null)).as("evicted").isEmpty();
        assertThat(throttle.retryAfter("a", null)).isPresent();
        assertThat(throttle.retryAfter("e", null)).isPresent();
        for (int i = 0; i < 1000; i++) {
            throttle.failed("x" + i, null);
        }
        assertThat(throttle.trackedKeys()).isEqualTo(3 + 3);
        assertThat(throttle.retryAfter("x999", null)).isPresent();
        assertThat(throttle.retryAfter(null, "10.0.0.1")).as("addresses have their own table").isPresent();
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new DashboardSecurityProperties.LoginThrottle(0, 1, WINDOW, LOCKOUT, 1))
                .hasMessageContaining("max-failures");
        assertThatThrownBy(() -> new DashboardSecurityProperties.LoginThrottle(1, 1, Duration.ZERO, LOCKOUT, 1))
                .hasMessageContaining("window");
        assertThatThrownBy(() -> new DashboardSecurityProperties.LoginThrottle(1, 1, WINDOW, LOCKOUT, 0))
                .hasMessageContaining("max-tracked-keys");
    }
}
