package dev.lockfree.eventstore.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests held by the fake until a latch opens; the client's request timeout ends the wait. */
class EventStoreClientTimeoutTests extends FakeServerTestSupport {

    private final CountDownLatch release = new CountDownLatch(1);
    private EventStoreClient client;

    @BeforeEach
    void openClient() {
        client = open(clientBuilder()
                .requestTimeout(Duration.ofMillis(300))
                .retryPolicy(RetryPolicy.exponential(2, Duration.ofMillis(10), Duration.ofMillis(50))));
    }

    @AfterEach
    void releaseHeldRequests() {
        release.countDown();
    }

    @Test
    void aReadThatNeverAnswersTimesOutOnEveryAttempt() {
        client.append("s", Map.of("n", 1));
        server.holdNext(3, release);

        assertThatThrownBy(() -> client.readPage("s", 0, 1)).isInstanceOfSatisfying(EventStoreTimeoutException.class, e -> {
            assertThat(e.attempts()).isEqualTo(3);
            assertThat(e.status()).isZero();
            assertThat(e.getCause()).isInstanceOf(HttpTimeoutException.class);
            assertThat(e.getMessage()).contains("Read of stream 's'", "timed out", "3 attempts");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> server.requestCount() == 1 + 3);
        assertThat(sleeper.waits()).hasSize(2);
    }

    @Test
    void aReadThatAnswersOnTheRetrySucceeds() {
        client.append("s", Map.of("n", 1));
        server.holdNext(1, release);

        assertThat(client.readPage("s", 0, 1).events()).hasSize(1);
        assertThat(sleeper.waits()).hasSize(1);
    }

    @Test
    void aPlainAppendThatTimesOutIsNotRetriedAndItsOutcomeIsUnknown() {
        server.holdNext(1, release);

        assertThatThrownBy(() -> client.append("s", Map.of("n", 1))).isInstanceOfSatisfying(EventStoreTimeoutException.class, e -> {
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.getMessage()).contains("Append to stream 's' timed out", "not retried", "may or may not have been stored");
        });
        assertThat(sleeper.waits()).isEmpty();

        // the server was only slow: once it goes on, the event the client gave up on is stored
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.completedCount() == 1);
        assertThat(server.storedEvents("s")).isEqualTo(1);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void anIdempotentAppendThatTimesOutIsRetriedAndStoredOnce() {
        server.holdNext(1, release);

        AppendResult result = client.appendWithRetry("s", Map.of("n", 1));

        assertThat(result).isEqualTo(new AppendResult("s", 0, false));
        // the held first attempt now reaches the store: same key, so it is a duplicate and stores nothing
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.completedCount() == 2);
        assertThat(server.storedEvents("s")).isEqualTo(1);
        assertThat(server.requests()).extracting(r -> r.header("Idempotency-Key")).hasSize(2).containsOnly(
                server.requests().get(0).header("Idempotency-Key"));
    }
}
