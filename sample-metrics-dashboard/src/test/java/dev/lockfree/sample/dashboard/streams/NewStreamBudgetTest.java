package dev.lockfree.sample.dashboard.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-client budget of new streams: separate clients, fixed windows, bounded tracking. */
class NewStreamBudgetTest {

    private Instant now = Instant.parse("2026-12-01T00:00:00Z");

    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    @Test
    void eachClientHasItsOwnBudgetPerWindow() {
        NewStreamBudget budget = new NewStreamBudget(2, Duration.ofMinutes(1), 100, clock);
        assertThat(budget.charge("10.0.0.1")).isZero();
        now = now.plusSeconds(10);
        assertThat(budget.charge("10.0.0.1")).isZero();
        assertThat(budget.charge("10.0.0.1")).isEqualTo(50_000); // the window opened 10 s ago
        assertThat(budget.charge("10.0.0.2")).isZero(); // another client
        now = now.plusSeconds(50);
        assertThat(budget.charge("10.0.0.1")).isZero(); // a new window
    }

    @Test
    void beyondTheTrackedClientsTheOthersShareOneBudgetAndExpiredWindowsMakeRoom() {
        NewStreamBudget budget = new NewStreamBudget(1, Duration.ofMinutes(1), 2, clock);
        assertThat(budget.charge("a")).isZero();
        assertThat(budget.charge("b")).isZero();
        assertThat(budget.charge("c")).isZero(); // the shared budget
        assertThat(budget.charge("d")).isPositive(); // shares c's spent budget
        assertThat(budget.trackedClients()).isEqualTo(3); // a, b and the shared one: bounded
        now = now.plusSeconds(61);
        assertThat(budget.charge("e")).isZero(); // expired windows were dropped: e is tracked on its own
        assertThat(budget.charge("f")).isZero();
        assertThat(budget.trackedClients()).isLessThanOrEqualTo(3);
    }
}
