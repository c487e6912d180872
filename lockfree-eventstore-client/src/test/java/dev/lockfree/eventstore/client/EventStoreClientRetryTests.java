package dev.lockfree.eventstore.client;

import dev.lockfree.eventstore.protocol.ExpectedVersion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventStoreClientRetryTests extends FakeServerTestSupport {

    private static final RetryPolicy THREE_RETRIES =
            RetryPolicy.exponential(3, Duration.ofMillis(100), Duration.ofSeconds(2));

    private EventStoreClient client;

    @BeforeEach
    void openClient() {
        client = open(clientBuilder().retryPolicy(THREE_RETRIES));
    }

    @Test
    void aReadIsRetriedAfterTwo503sWithGrowingJitteredBackoff() {
        client.append("gateway/orders", Map.of("n", 1));
        server.failNext(2, 503);

        ReadPage<?> page = client.readPage("gateway/orders", 0, 10);

        assertThat(page.events()).hasSize(1);
        assertThat(server.requestCount()).isEqualTo(1 + 3);
        assertThat(sleeper.waits()).hasSize(2);
        assertThat(sleeper.waits().get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(sleeper.waits().get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 502, 503, 504})
    void aggregatesAreRetriedOnTransientStatuses(int status) {
        client.append("s", Map.of("v", 2));
        server.failNext(1, status);

        assertThat(client.aggregate("s", "v").sum()).isEqualTo(2);
        assertThat(server.requestCount()).isEqualTo(3);
        assertThat(sleeper.waits()).hasSize(1);
    }

    @Test
    void aLazyReadRetriesEachPage() {
        for (int i = 0; i < 3; i++) {
            client.append("s", Map.of("n", i));
        }
        try (EventStoreClient paging = clientBuilder().readPageSize(2)
                .retryPolicy(THREE_RETRIES).build()) {
            var events = paging.read("s", 0).iterator();
            events.next();
            events.next();
            server.failNext(2, 502);
            assertThat(events.next().version()).isEqualTo(2);
        }
        assertThat(server.requestCount()).isEqualTo(3 + 1 + 3);
    }

    @Test
    void aPlainAppendIsNeverRetried() {
        server.failNext(1, 503);

        assertThatThrownBy(() -> client.append("gateway/orders", Map.of("n", 1)))
                .isInstanceOfSatisfying(EventStoreServerException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.problem()).get().extracting(Problem::detail).isEqualTo("injected 503");
                    assertThat(e.getMessage()).contains("Append to stream 'gateway/orders'", "503", "injected 503");
                });
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(sleeper.waits()).isEmpty();
        assertThat(server.storedEvents("gateway/orders")).isZero();
    }

    @Test
    void aConditionalAppendWithoutKeyIsNeverRetriedEither() {
        server.failNext(1, 504);

        assertThatThrownBy(() -> client.append("s", Map.of("n", 1), ExpectedVersion.NO_STREAM))
                .isInstanceOf(EventStoreServerException.class);
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void anAppendWithAKeyIsRetriedWithTheSameKeyAndStoredOnce() {
        server.failNext(2, 503);

        AppendResult result = client.append("s", Map.of("n", 1), "order-7");

        assertThat(result).isEqualTo(new AppendResult("s", 0, false));
        assertThat(server.requests()).hasSize(3).allSatisfy(r -> assertThat(r.header("Idempotency-Key")).isEqualTo("order-7"));
        assertThat(server.storedEvents("s")).isEqualTo(1);
    }

    @Test
    void appendWithRetryKeepsItsGeneratedKeyAcrossAttempts() {
        server.failNext(1, 429);

        assertThat(client.appendWithRetry("s", Map.of("n", 1)).version()).isZero();

        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(0).header("Idempotency-Key"))
                .isNotBlank().isEqualTo(server.requests().get(1).header("Idempotency-Key"));
    }

    @Test
    void otherClientErrorsAndPlain500sAreNotRetried() {
        client.append("s", Map.of("n", 1));
        server.failNext(1, 400);
        server.failNext(1, 500);
        server.respondNext(401, "application/problem+json", "{\"title\":\"Unauthorized\",\"status\":401}");

        assertThatThrownBy(() -> client.readPage("s", 0, 1)).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> client.readPage("s", 0, 1)).isInstanceOfSatisfying(EventStoreServerException.class,
                e -> assertThat(e.status()).isEqualTo(500));
        assertThatThrownBy(() -> client.aggregate("s", "n")).isExactlyInstanceOf(EventStoreClientException.class)
                .hasMessageContaining("401 Unauthorized");
        assertThat(server.requestCount()).isEqualTo(4);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void whenRetriesRunOutTheLastStatusIsReportedWithTheAttemptCount() {
        client.append("s", Map.of("n", 1));
        server.failNext(4, 503);

        assertThatThrownBy(() -> client.readPage("s", 0, 1)).isInstanceOfSatisfying(EventStoreServerException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.attempts()).isEqualTo(4);
            assertThat(e.getMessage()).contains("after 4 attempts", "'s'");
        });
        assertThat(server.requestCount()).isEqualTo(5);
        assertThat(sleeper.waits()).hasSize(3);
    }

    @Test
    void a429ThatOutlastsTheRetriesIsReportedWithItsStatus() {
        client.append("s", Map.of("n", 1));
        server.failNext(4, 429);

        assertThatThrownBy(() -> client.aggregate("s", "n")).isExactlyInstanceOf(EventStoreClientException.class)
                .satisfies(e -> assertThat(((EventStoreClientException) e).status()).isEqualTo(429));
    }

    @Test
    void retryAfterLengthensTheWaitUpToTheMaximumBackoff() {
        client.append("s", Map.of("n", 1));
        server.failNextWithRetryAfter(503, "1");
        server.failNextWithRetryAfter(429, "120");
        server.failNextWithRetryAfter(502, "1");

        client.readPage("s", 0, 1);

        assertThat(sleeper.waits()).hasSize(3);
        assertThat(sleeper.waits().get(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(sleeper.waits().get(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(sleeper.waits().get(2)).as("Retry-After is for 429 and 503 only").isLessThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void noRetryPolicyMeansOneAttempt() {
        try (EventStoreClient once = clientBuilder().retryPolicy(RetryPolicy.none()).build()) {
            once.append("s", Map.of("n", 1));
            server.failNext(1, 503);
            assertThatThrownBy(() -> once.readPage("s", 0, 1)).isInstanceOfSatisfying(EventStoreServerException.class,
                    e -> assertThat(e.attempts()).isEqualTo(1));
        }
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void aRefusedConnectionIsRetriedForReadsAndReportedAsIo() throws IOException {
        URI closedPort = closedPort();
        try (EventStoreClient unreachable = EventStoreClient.builder(closedPort).retryPolicy(THREE_RETRIES)
                .sleeper(sleeper).build()) {
            assertThatThrownBy(() -> unreachable.readPage("gateway/orders", 0, 1))
                    .isExactlyInstanceOf(EventStoreIoException.class)
                    .satisfies(e -> {
                        EventStoreIoException io = (EventStoreIoException) e;
                        assertThat(io.attempts()).isEqualTo(4);
                        assertThat(io.status()).isZero();
                        assertThat(io.getCause()).isInstanceOf(ConnectException.class);
                        assertThat(io.getMessage()).contains("Read of stream 'gateway/orders'", "4 attempts");
                    });
        }
        assertThat(sleeper.waits()).hasSize(3);
    }

    @Test
    void aRefusedConnectionIsNotRetriedForAPlainAppendAndSaysNothingWasStored() throws IOException {
        URI closedPort = closedPort();
        try (EventStoreClient unreachable = EventStoreClient.builder(closedPort).retryPolicy(THREE_RETRIES)
                .sleeper(sleeper).build()) {
            assertThatThrownBy(() -> unreachable.append("s", Map.of("n", 1)))
                    .isInstanceOfSatisfying(EventStoreIoException.class, e -> {
                        assertThat(e.attempts()).isEqualTo(1);
                        assertThat(e.getMessage()).contains("not retried", "nothing was stored");
                    });
        }
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void interruptionDuringBackoffStopsTheCallAndKeepsTheFlag() {
        client.append("s", Map.of("n", 1));
        server.failNext(1, 503);
        try (EventStoreClient interrupted = clientBuilder().retryPolicy(THREE_RETRIES)
                .sleeper(delay -> {
                    throw new InterruptedException("test");
                }).build()) {
            assertThatThrownBy(() -> interrupted.readPage("s", 0, 1)).isExactlyInstanceOf(EventStoreClientException.class)
                    .hasMessageContaining("interrupted").hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.interrupted()).as("interrupt flag restored (and cleared here)").isTrue();
        }
    }

    /** A loopback port nothing listens on: bound, then closed. */
    private static URI closedPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + port);
    }
}
