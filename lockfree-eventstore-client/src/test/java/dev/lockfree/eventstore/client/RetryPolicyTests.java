package dev.lockfree.eventstore.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RetryPolicyTests {

    @Test
    void everyWaitIsWithinHalfToAllOfItsExponentialCeilingAndNeverAboveTheMaximum() {
        long seed = System.nanoTime();
        System.out.println("RetryPolicyTests seed " + seed);
        Random random = new Random(seed);
        RetryPolicy policy = RetryPolicy.exponential(10, Duration.ofMillis(100), Duration.ofSeconds(3));
        for (int i = 0; i < 10_000; i++) {
            int retry = 1 + random.nextInt(RetryPolicy.MAX_RETRIES_LIMIT);
            long ceiling = Math.min(3_000_000_000L, 100_000_000L << (retry - 1));
            Duration wait = policy.delayBeforeRetry(retry, null, random.nextDouble());
            assertThat(wait.toNanos()).as("retry %d, seed %d", retry, seed).isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void theDrawCoversBothEndsOfTheRange() {
        RetryPolicy policy = RetryPolicy.exponential(3, Duration.ofMillis(100), Duration.ofSeconds(1));

        assertThat(policy.delayBeforeRetry(1, null, 0.0)).isEqualTo(Duration.ofMillis(50));
        assertThat(policy.delayBeforeRetry(1, null, Math.nextDown(1.0))).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delayBeforeRetry(2, null, Math.nextDown(1.0))).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delayBeforeRetry(4, null, Math.nextDown(1.0))).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.delayBeforeRetry(5, null, Math.nextDown(1.0))).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayBeforeRetry(Integer.MAX_VALUE, null, 0.0)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void retryAfterOnlyLengthensAndIsCappedAtTheMaximum() {
        RetryPolicy policy = RetryPolicy.exponential(3, Duration.ofMillis(100), Duration.ofSeconds(2));

        assertThat(policy.delayBeforeRetry(1, Duration.ofSeconds(1), 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayBeforeRetry(1, Duration.ofMillis(1), 0.0)).isEqualTo(Duration.ofMillis(50));
        assertThat(policy.delayBeforeRetry(1, Duration.ofDays(365_000), 0.5)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void limitsAreEnforcedNamingTheValue() {
        assertThat(RetryPolicy.exponential(0, Duration.ofMillis(1), Duration.ofMillis(1)).maxRetries()).isZero();
        assertThat(RetryPolicy.exponential(RetryPolicy.MAX_RETRIES_LIMIT, Duration.ofMillis(1), RetryPolicy.MAX_BACKOFF_LIMIT)
                .maxBackoff()).isEqualTo(Duration.ofMinutes(1));
        assertThatIllegalArgumentException().isThrownBy(() -> RetryPolicy.exponential(-1, Duration.ofMillis(1), Duration.ofMillis(1)))
                .withMessageContaining("maxRetries must be 0..10, was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> RetryPolicy.exponential(11, Duration.ofMillis(1), Duration.ofMillis(1)))
                .withMessageContaining("was 11");
        assertThatIllegalArgumentException().isThrownBy(() -> RetryPolicy.exponential(1, Duration.ZERO, Duration.ofMillis(1)))
                .withMessageContaining("initialBackoff must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> RetryPolicy.exponential(1, Duration.ofMillis(-5), Duration.ofMillis(1)))
                .withMessageContaining("initialBackoff must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> RetryPolicy.exponential(1, Duration.ofMillis(10), Duration.ofMillis(9)))
                .withMessageContaining("maxBackoff (PT0.009S) must be >= initialBackoff (PT0.01S)");
        assertThatIllegalArgumentException().isThrownBy(() -> RetryPolicy.exponential(1, Duration.ofMillis(10),
                        RetryPolicy.MAX_BACKOFF_LIMIT.plusNanos(1)))
                .withMessageContaining("maxBackoff must be at most PT1M");
    }

    @Test
    void defaultsAndNone() {
        assertThat(RetryPolicy.defaults().maxRetries()).isEqualTo(3);
        assertThat(RetryPolicy.defaults().initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(RetryPolicy.defaults().maxBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(RetryPolicy.none().maxRetries()).isZero();
        assertThat(RetryPolicy.defaults()).hasToString("RetryPolicy[maxRetries=3, initialBackoff=PT0.1S, maxBackoff=PT2S]");
    }
}
