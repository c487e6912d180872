package dev.lockfree.eventstore.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

class EventStoreClientLifecycleTests extends FakeServerTestSupport {

    record OrderPlaced(String gatewayId, double orderValue) {
    }

    @Test
    void callsAfterCloseFailAndCloseIsIdempotent() {
        EventStoreClient client = EventStoreClient.create(server.baseUrl());
        client.append("s", Map.of("n", 1));

        client.close();
        client.close();

        assertThatIllegalStateException().isThrownBy(() -> client.append("s", Map.of("n", 2))).withMessageContaining("closed");
        assertThatIllegalStateException().isThrownBy(() -> client.read("s", 0));
        assertThatIllegalStateException().isThrownBy(() -> client.readPage("s", 0, 1));
        assertThatIllegalStateException().isThrownBy(() -> client.aggregate("s", "n"));
        assertThat(client).hasToString("EventStoreClient[" + server.baseUrl() + ", closed]");
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void closingEndsTheThreadsTheClientStarted() {
        EventStoreClient client = EventStoreClient.create(server.baseUrl());
        for (int i = 0; i < 5; i++) {
            client.append("s", Map.of("n", i));
        }

        client.close();

        await().atMost(Duration.ofSeconds(30)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("lockfree-eventstore-client-")));
    }

    @Test
    void aGivenHttpClientIsUsedAndLeftOpen() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try (EventStoreClient client = EventStoreClient.builder(server.baseUrl()).httpClient(http).build()) {
            client.append("s", Map.of("n", 1));
        }

        HttpResponse<String> stillUsable = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/streams/s")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stillUsable.statusCode()).isEqualTo(200);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void connectTimeoutCannotBeCombinedWithAGivenHttpClient() {
        EventStoreClient.Builder builder = EventStoreClient.builder(server.baseUrl())
                .httpClient(HttpClient.newHttpClient()).connectTimeout(Duration.ofSeconds(1));

        assertThatIllegalStateException().isThrownBy(builder::build).withMessageContaining("connectTimeout");
    }

    @Test
    void aGivenJsonMapperWritesEventsAndMapsThemBack() {
        JsonMapper snake = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        try (EventStoreClient client = EventStoreClient.builder(server.baseUrl()).jsonMapper(snake).build()) {
            client.append("s", new OrderPlaced("gw-1", 9.5));

            assertThat(server.requests().get(0).bodyText()).isEqualTo("{\"gateway_id\":\"gw-1\",\"order_value\":9.5}");
            assertThat(client.readPage("s", 0, 1, OrderPlaced.class).events().get(0).data())
                    .isEqualTo(new OrderPlaced("gw-1", 9.5));
        }
    }

    @Test
    void defaultHeadersGoWithEveryRequest() {
        try (EventStoreClient client = EventStoreClient.builder(server.baseUrl())
                .defaultHeader("Authorization", "Bearer t0ken")
                .defaultHeader("X-Tenant", "acme")
                .build()) {
            client.append("s", Map.of("n", 1));
            client.readPage("s", 0, 1);
            client.aggregate("s", "n");
        }

        assertThat(server.requests()).hasSize(3).allSatisfy(r -> {
            assertThat(r.header("Authorization")).isEqualTo("Bearer t0ken");
            assertThat(r.header("X-Tenant")).isEqualTo("acme");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Type", "accept", "ES-ExpectedVersion", "idempotency-key", "Host", "Connection",
            "Content-Length", "bad header", ""})
    void headersTheClientOrTheJdkControlCannotBeDefaults(String name) {
        EventStoreClient.Builder builder = EventStoreClient.builder(server.baseUrl());

        assertThatIllegalArgumentException().isThrownBy(() -> builder.defaultHeader(name, "x"));
    }

    @Test
    void aHeaderValueWithALineBreakIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> EventStoreClient.builder(server.baseUrl()).defaultHeader("X-Evil", "a\r\nInjected: 1"));
    }

    @Test
    void aBaseUrlWithAPathPrefixIsKept() {
        try (FakeStreamServer prefixed = FakeStreamServer.start("/app");
             EventStoreClient withSlash = EventStoreClient.create(URI.create(prefixed.baseUrl() + "/"));
             EventStoreClient withoutSlash = EventStoreClient.create(prefixed.baseUrl())) {
            withSlash.append("gateway/orders", Map.of("n", 1));
            withoutSlash.append("gateway/orders", Map.of("n", 2));

            assertThat(prefixed.requests()).extracting(FakeStreamServer.Request::rawPath)
                    .containsOnly("/app/streams/gateway/orders");
            assertThat(prefixed.storedEvents("gateway/orders")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1/", "/relative", "http://127.0.0.1:8080/?x=1", "http://127.0.0.1:8080/#f",
            "http://user:pw@127.0.0.1:8080/", "http:opaque"})
    void baseUrlsThatCannotWorkAreRefused(String url) {
        assertThatIllegalArgumentException().isThrownBy(() -> EventStoreClient.builder(URI.create(url)))
                .withMessageContaining(url);
    }

    @Test
    void timeoutsMustBePositive() {
        EventStoreClient.Builder builder = EventStoreClient.builder(server.baseUrl());

        assertThatIllegalArgumentException().isThrownBy(() -> builder.requestTimeout(Duration.ZERO))
                .withMessageContaining("requestTimeout must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.connectTimeout(Duration.ofMillis(-1)))
                .withMessageContaining("connectTimeout must be positive");
        assertThat(builder.requestTimeout(Duration.ofNanos(1)).connectTimeout(Duration.ofNanos(1))).isSameAs(builder);
    }
}
