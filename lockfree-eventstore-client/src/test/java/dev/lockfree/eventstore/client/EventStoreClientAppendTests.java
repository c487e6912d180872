package dev.lockfree.eventstore.client;

import dev.lockfree.eventstore.protocol.ExpectedVersion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventStoreClientAppendTests extends FakeServerTestSupport {

    record Order(String gatewayId, double valor) {
    }

    private EventStoreClient client;

    @BeforeEach
    void openClient() {
        client = open(clientBuilder());
    }

    @Test
    void appendsCreateVersionsFromZeroAndSendJsonWithoutConditionHeaders() {
        AppendResult first = client.append("gateway/orders", new Order("gw-1", 10.5));
        AppendResult second = client.append("gateway/orders", Map.of("gatewayId", "gw-2", "valor", 3));

        assertThat(first).isEqualTo(new AppendResult("gateway/orders", 0, false));
        assertThat(second).isEqualTo(new AppendResult("gateway/orders", 1, false));
        FakeStreamServer.Request request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/streams/gateway/orders");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Accept")).contains("application/problem+json");
        assertThat(request.header("ES-ExpectedVersion")).isNull();
        assertThat(request.header("Idempotency-Key")).isNull();
        assertThat(request.bodyText()).isEqualTo("{\"gatewayId\":\"gw-1\",\"valor\":10.5}");
    }

    @Test
    void expectedVersionIsRenderedAsTheContractHeader() {
        assertThat(client.append("s", Map.of("n", 0), ExpectedVersion.NO_STREAM).version()).isZero();
        assertThat(client.append("s", Map.of("n", 1), ExpectedVersion.exactly(0)).version()).isEqualTo(1);
        assertThat(client.append("s", Map.of("n", 2), ExpectedVersion.ANY).version()).isEqualTo(2);

        assertThat(server.requests()).extracting(r -> r.header("ES-ExpectedVersion")).containsExactly("-1", "0", "any");
    }

    @Test
    void streamExistsIsSentAsMinusFourAndRefusedForANewStream() {
        assertThat(ExpectedVersion.STREAM_EXISTS.headerValue()).isEqualTo("-4");
        assertThat(ExpectedVersion.STREAM_EXISTS.isExact()).isFalse();
        assertThat(ExpectedVersion.STREAM_EXISTS).isNotEqualTo(ExpectedVersion.NO_STREAM).isNotEqualTo(ExpectedVersion.ANY);

        assertThatThrownBy(() -> client.append("s", Map.of("n", 0), ExpectedVersion.STREAM_EXISTS))
                .isInstanceOfSatisfying(WrongExpectedVersionException.class, e -> {
                    assertThat(e.expectedVersion()).isEqualTo("-4");
                    assertThat(e.currentVersion()).isEqualTo(-1);
                });
        client.append("s", Map.of("n", 0));
        assertThat(client.append("s", Map.of("n", 1), ExpectedVersion.STREAM_EXISTS).version()).isEqualTo(1);

        assertThat(server.requests()).extracting(r -> r.header("ES-ExpectedVersion")).containsExactly("-4", null, "-4");
        assertThat(server.storedEvents("s")).isEqualTo(2);
    }

    @Test
    void wrongExpectedVersionCarriesBothVersionsAndStoresNothing() {
        client.append("gateway/orders", Map.of("n", 0));
        client.append("gateway/orders", Map.of("n", 1));

        assertThatThrownBy(() -> client.append("gateway/orders", Map.of("n", 2), ExpectedVersion.exactly(0)))
                .isInstanceOfSatisfying(WrongExpectedVersionException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.stream()).isEqualTo("gateway/orders");
                    assertThat(e.expectedVersion()).isEqualTo("0");
                    assertThat(e.currentVersion()).isEqualTo(1);
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.problem()).get().extracting(Problem::title).isEqualTo("Wrong expected version");
                    assertThat(e.getMessage()).contains("'gateway/orders'", "expected 0", "at version 1");
                });
        assertThatThrownBy(() -> client.append("gateway/orders", Map.of("n", 2), ExpectedVersion.NO_STREAM))
                .isInstanceOfSatisfying(WrongExpectedVersionException.class,
                        e -> assertThat(e.currentVersion()).isEqualTo(1));
        assertThat(server.storedEvents("gateway/orders")).isEqualTo(2);
    }

    @Test
    void wrongExpectedVersionOnAMissingStreamReportsMinusOne() {
        assertThatThrownBy(() -> client.append("new", Map.of("n", 0), ExpectedVersion.exactly(3)))
                .isInstanceOfSatisfying(WrongExpectedVersionException.class, e -> {
                    assertThat(e.currentVersion()).isEqualTo(-1);
                    assertThat(e.getMessage()).contains("the stream does not exist");
                });
        assertThat(server.storedEvents("new")).isZero();
    }

    @Test
    void a409WithoutTheCurrentVersionIsAContractViolation() {
        server.respondNext(409, "application/problem+json", "{\"title\":\"Conflict\",\"status\":409}");

        assertThatThrownBy(() -> client.append("s", Map.of("n", 1), ExpectedVersion.exactly(2)))
                .isInstanceOfSatisfying(UnexpectedResponseException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("'s'", "currentVersion");
                });
    }

    @Test
    void aProxyErrorPageIsQuotedInTheMessage() {
        server.respondNext(502, "text/html", "<html>\n<body>Bad   gateway from the proxy</body></html>");

        assertThatThrownBy(() -> client.append("s", Map.of("n", 1)))
                .isInstanceOfSatisfying(EventStoreServerException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.problem()).isEmpty();
                    assertThat(e.getMessage()).contains("502 <html> <body>Bad gateway from the proxy</body></html>");
                });
    }

    @Test
    void repeatedIdempotencyKeyIsADuplicateWithTheOriginalVersion() {
        AppendResult first = client.append("s", Map.of("n", 1), "order-42");
        client.append("s", Map.of("n", 2));
        AppendResult again = client.append("s", Map.of("n", 1), "order-42");

        assertThat(first).isEqualTo(new AppendResult("s", 0, false));
        assertThat(again).isEqualTo(new AppendResult("s", 0, true));
        assertThat(server.storedEvents("s")).isEqualTo(2);
        assertThat(server.requests().get(2).header("Idempotency-Key")).isEqualTo("order-42");
    }

    @Test
    void conditionAndKeyTravelTogether() {
        AppendResult result = client.append("s", Map.of("n", 1), ExpectedVersion.NO_STREAM, "k-1");

        assertThat(result.version()).isZero();
        FakeStreamServer.Request request = server.requests().get(0);
        assertThat(request.header("ES-ExpectedVersion")).isEqualTo("-1");
        assertThat(request.header("Idempotency-Key")).isEqualTo("k-1");
    }

    @Test
    void appendWithRetrySendsAFreshUuidKeyPerCall() {
        client.appendWithRetry("s", Map.of("n", 1));
        client.appendWithRetry("s", Map.of("n", 2));

        List<String> keys = server.requests().stream().map(r -> r.header("Idempotency-Key")).toList();
        assertThat(keys).hasSize(2).doesNotHaveDuplicates()
                .allSatisfy(k -> assertThat(k).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        assertThat(server.storedEvents("s")).isEqualTo(2);
    }

    @Test
    void anEventThatIsNotAJsonObjectIsRefusedBeforeAnyRequest() {
        assertThatIllegalArgumentException().isThrownBy(() -> client.append("s", "{\"a\":1}"))
                .withMessageContaining("'s'").withMessageContaining("JSON string");
        assertThatIllegalArgumentException().isThrownBy(() -> client.append("s", List.of(1, 2)))
                .withMessageContaining("JSON array");
        assertThatIllegalArgumentException().isThrownBy(() -> client.append("s", 42))
                .withMessageContaining("JSON number");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void aJsonNodeEventIsSentAsIs() {
        JsonNode node = JsonMapper.builder().build().readTree("{\"x\":{\"y\":[1,2]}}");

        client.append("s", node);

        assertThat(server.requests().get(0).bodyText()).isEqualTo("{\"x\":{\"y\":[1,2]}}");
    }

    @Test
    void anEventOfExactlyTheServerLimitIsStoredAndOneByteMoreIs413() {
        String padding = "x".repeat(FakeStreamServer.MAX_BODY_BYTES - "{\"p\":\"\"}".length());
        assertThat(client.append("s", Map.of("p", padding)).version()).isZero();

        assertThatThrownBy(() -> client.append("s", Map.of("p", padding + "x")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.title()).isEqualTo("Payload too large");
                    assertThat(e.detail()).contains(Integer.toString(FakeStreamServer.MAX_BODY_BYTES + 1));
                    assertThat(e.getMessage()).contains("'s'", "413", "Payload too large");
                });
        assertThat(server.storedEvents("s")).isEqualTo(1);
    }

    @Test
    void serverSide400And415AreBadRequestsWithTheProblemText() {
        server.respondNext(400, "application/problem+json",
                "{\"title\":\"Bad request\",\"status\":400,\"detail\":\"header ES-ExpectedVersion is wrong\"}");
        server.respondNext(415, "application/problem+json",
                "{\"title\":\"Unsupported media type\",\"status\":415,\"detail\":\"Content-Type must be application/json\"}");

        assertThatThrownBy(() -> client.append("s", Map.of("n", 1)))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.detail()).isEqualTo("header ES-ExpectedVersion is wrong");
                    assertThat(e.getMessage()).contains("'s'", "header ES-ExpectedVersion is wrong");
                });
        assertThatThrownBy(() -> client.append("s", Map.of("n", 1), "key"))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(415);
                    assertThat(e.attempts()).isEqualTo(1);
                });
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void idempotencyKeyLimitsAreCheckedBeforeAnyRequest() {
        String longest = "k".repeat(EventStoreClient.MAX_IDEMPOTENCY_KEY_LENGTH);
        assertThat(client.append("s", Map.of("n", 1), longest).version()).isZero();
        assertThat(client.append("s", Map.of("n", 1), "~ !\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}").version()).isEqualTo(1);
        int sent = server.requestCount();

        assertThatIllegalArgumentException().isThrownBy(() -> client.append("s", Map.of(), longest + "k"))
                .withMessageContaining("201 characters long, the maximum is 200");
        assertThatIllegalArgumentException().isThrownBy(() -> client.append("s", Map.of(), ""))
                .withMessageContaining("must not be empty");
        assertThatIllegalArgumentException().isThrownBy(() -> client.append("s", Map.of(), "clé"))
                .withMessageContaining("\\u00E9 at index 2");
        assertThatIllegalArgumentException().isThrownBy(() -> client.append("s", Map.of(), "a\nb"))
                .withMessageContaining("\\u000A");
        assertThatIllegalArgumentException().isThrownBy(() -> client.append("s", Map.of(), " key"))
                .withMessageContaining("space");
        assertThatIllegalArgumentException().isThrownBy(() -> client.append("s", Map.of(), (String) null))
                .withMessageContaining("null");
        assertThat(server.requestCount()).isEqualTo(sent);
    }

    @Test
    void oneClientIsSharedByConcurrentAppenders() throws Exception {
        int threads = 4;
        int perThread = 50;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    go.await();
                    List<Long> versions = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        versions.add(client.append("gateway/orders", Map.of("t", thread, "i", i), "t" + thread + "-" + i).version());
                    }
                    return versions;
                }));
            }
            go.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> result : results) {
                all.addAll(result.get(30, TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(threads * perThread).doesNotHaveDuplicates()
                    .allSatisfy(v -> assertThat(v).isBetween(0L, (long) threads * perThread - 1));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void expectedVersionRejectsNegativeExactVersions() {
        assertThatIllegalArgumentException().isThrownBy(() -> ExpectedVersion.exactly(-1))
                .withMessageContaining("NO_STREAM");
        assertThat(ExpectedVersion.exactly(Long.MAX_VALUE).headerValue()).isEqualTo(Long.toString(Long.MAX_VALUE));
        assertThat(ExpectedVersion.exactly(7)).isEqualTo(ExpectedVersion.exactly(7)).isNotEqualTo(ExpectedVersion.ANY);
        assertThat(ExpectedVersion.exactly(0).isExact()).isTrue();
        assertThat(ExpectedVersion.NO_STREAM.isExact()).isFalse();
    }
}
