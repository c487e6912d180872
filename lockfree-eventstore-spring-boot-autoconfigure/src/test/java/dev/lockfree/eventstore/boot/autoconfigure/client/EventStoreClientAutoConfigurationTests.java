package dev.lockfree.eventstore.boot.autoconfigure.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import dev.lockfree.eventstore.boot.EventStoreClientCustomizer;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreAutoConfiguration;
import dev.lockfree.eventstore.client.EventStoreClient;
import dev.lockfree.eventstore.client.EventStoreServerException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventStoreClientAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventStoreClientAutoConfiguration.class));

    /** Answers 503 to everything and records each request's Authorization and X-Tenant headers. */
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestHeaders().getFirst("Authorization") + "|"
                    + exchange.getRequestHeaders().getFirst("X-Tenant"));
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    // ------------------------------------------------------------------------------------------------
    // conditions

    @Test
    void noClientWithoutABaseUrl() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(EventStoreClient.class);
            assertThat(context).doesNotHaveBean(EventStoreClientProperties.class);
        });
    }

    @Test
    void aClientForTheBaseUrl() {
        runner.withPropertyValues("eventstore.client.base-url=" + baseUrl())
                .run(context -> {
                    assertThat(context).hasSingleBean(EventStoreClient.class);
                    assertThat(context.getBean(EventStoreClient.class).baseUrl()).isEqualTo(URI.create(baseUrl()));
                });
    }

    @Test
    void noClientWithoutTheClientLibraryEvenWithABaseUrl() {
        runner.withClassLoader(new FilteredClassLoader(EventStoreClient.class))
                .withPropertyValues("eventstore.client.base-url=" + baseUrl())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(EventStoreClientProperties.class);
                    assertThat(context).doesNotHaveBean("eventStoreClient");
                });
    }

    @Test
    void aUserClientReplacesOurs() {
        EventStoreClient own = EventStoreClient.create(URI.create("http://127.0.0.1:9"));
        runner.withPropertyValues("eventstore.client.base-url=" + baseUrl())
                .withBean("ownClient", EventStoreClient.class, () -> own)
                .run(context -> {
                    assertThat(context).hasSingleBean(EventStoreClient.class);
                    assertThat(context.getBean(EventStoreClient.class)).isSameAs(own);
                });
        own.close();
    }

    @Test
    void theContextClosesTheClient() {
        EventStoreClient[] client = new EventStoreClient[1];
        runner.withPropertyValues("eventstore.client.base-url=" + baseUrl())
                .run(context -> {
                    client[0] = context.getBean(EventStoreClient.class);
                    assertThat(client[0].toString()).doesNotContain("closed");
                });
        assertThat(client[0].toString()).contains("closed");
        assertThatIllegalStateException().isThrownBy(() -> client[0].readPage("s", 0, 10))
                .withMessageContaining("is closed");
    }

    // ------------------------------------------------------------------------------------------------
    // options

    @Test
    void retriesBackoffAndDefaultHeadersComeFromTheProperties() {
        runner.withPropertyValues("eventstore.client.base-url=" + baseUrl(), "eventstore.client.max-retries=2",
                        "eventstore.client.initial-backoff=1ms", "eventstore.client.max-backoff=2ms",
                        "eventstore.client.connect-timeout=3s", "eventstore.client.request-timeout=4s",
                        "eventstore.client.read-page-size=50",
                        "eventstore.client.default-headers.Authorization=Bearer t0ken")
                .run(context -> {
                    EventStoreClientProperties properties = context.getBean(EventStoreClientProperties.class);
                    assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(properties.readPageSize()).isEqualTo(50);
                    assertThatThrownBy(() -> context.getBean(EventStoreClient.class).readPage("s", 0, 10))
                            .isInstanceOfSatisfying(EventStoreServerException.class, e -> {
                                assertThat(e.status()).isEqualTo(503);
                                assertThat(e.attempts()).isEqualTo(3);
                            });
                    assertThat(seen).containsExactly("Bearer t0ken|null", "Bearer t0ken|null", "Bearer t0ken|null");
                });
    }

    @Test
    void theDefaultsAreTheClientDefaults() {
        runner.withPropertyValues("eventstore.client.base-url=" + baseUrl())
                .run(context -> {
                    EventStoreClientProperties properties = context.getBean(EventStoreClientProperties.class);
                    assertThat(properties.connectTimeout()).isNull();   // the client's 5 s
                    assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(properties.maxRetries()).isEqualTo(3);
                    assertThat(properties.initialBackoff()).isEqualTo(Duration.ofMillis(100));
                    assertThat(properties.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(properties.readPageSize()).isEqualTo(EventStoreClient.MAX_PAGE_SIZE);
                    assertThat(properties.defaultHeaders()).isEmpty();
                });
    }

    @Test
    void customizersRunAfterThePropertiesInOrder() {
        runner.withPropertyValues("eventstore.client.base-url=" + baseUrl(), "eventstore.client.max-retries=0")
                .withBean("second", EventStoreClientCustomizer.class, () -> new Second())
                .withBean("first", EventStoreClientCustomizer.class, () -> new First())
                .run(context -> {
                    assertThatThrownBy(() -> context.getBean(EventStoreClient.class).readPage("s", 0, 10))
                            .isInstanceOf(EventStoreServerException.class);
                    // in @Order, not in registration order: "first" is the first X-Tenant value sent
                    assertThat(seen).containsExactly("null|first");
                });
    }

    @Order(1)
    static final class First implements EventStoreClientCustomizer {
        @Override
        public void customize(EventStoreClient.Builder builder) {
            builder.defaultHeader("X-Tenant", "first");
        }
    }

    @Order(2)
    static final class Second implements EventStoreClientCustomizer {
        @Override
        public void customize(EventStoreClient.Builder builder) {
            // a second value of the header: both are sent, the server reads the first
            builder.defaultHeader("X-Tenant", "second");
        }
    }

    // ------------------------------------------------------------------------------------------------
    // validation: every message names its key

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "eventstore.client.base-url=ftp://host | eventstore.client.base-url must be an absolute http or https URL",
            "eventstore.client.base-url=http://user:pw@host | eventstore.client.base-url must be an absolute http or https URL",
            "eventstore.client.connect-timeout=0s | eventstore.client.connect-timeout must be positive",
            "eventstore.client.request-timeout=-1s | eventstore.client.request-timeout must be positive",
            "eventstore.client.max-retries=11 | eventstore.client.max-retries must be between 0 and 10 but was 11",
            "eventstore.client.initial-backoff=0ms | eventstore.client.initial-backoff must be positive",
            "eventstore.client.max-backoff=10ms | eventstore.client.max-backoff (PT0.01S) must be >= eventstore.client.initial-backoff",
            "eventstore.client.max-backoff=2m | eventstore.client.max-backoff must be at most PT1M",
            "eventstore.client.read-page-size=1001 | eventstore.client.read-page-size must be between 1 and 1000",
            "eventstore.client.default-headers.Content-Type=text/plain | eventstore.client.default-headers.Content-Type cannot be sent"})
    void aBadValueFailsStartUpNamingItsKey(String property, String message) {
        runner.withPropertyValues("eventstore.client.base-url=http://127.0.0.1:8080")
                .withPropertyValues(property)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasStackTraceContaining(message);
                });
    }

    @Test
    void aMisspeltClientKeyFailsStartUpNamingIt() {
        runner.withPropertyValues("eventstore.client.base-url=" + baseUrl(), "eventstore.client.max-retry=1")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("eventstore.client.max-retry");
                });
    }

    /** Both auto-configurations bind eventstore.client.*: the stores' strict binding accepts it. */
    @Test
    void worksNextToTheStoresAutoConfiguration() {
        runner.withConfiguration(AutoConfigurations.of(EventStoreAutoConfiguration.class))
                .withPropertyValues("eventstore.client.base-url=" + baseUrl(),
                        "eventstore.client.default-headers.X-Tenant=t1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(EventStoreClient.class);
                    assertThat(context.getBean(EventStoreClientProperties.class).defaultHeaders())
                            .isEqualTo(Map.of("X-Tenant", "t1"));
                });
    }
}
