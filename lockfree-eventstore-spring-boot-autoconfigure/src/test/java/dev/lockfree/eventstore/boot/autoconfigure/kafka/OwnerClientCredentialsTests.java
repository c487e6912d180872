package dev.lockfree.eventstore.boot.autoconfigure.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.MetricEvent;
import dev.lockfree.eventstore.boot.autoconfigure.EventStoreProperties;
import dev.lockfree.eventstore.boot.kafka.ClusterAggregate;
import dev.lockfree.eventstore.boot.kafka.HttpOwnerClient;
import dev.lockfree.eventstore.boot.kafka.KafkaFedStore;
import dev.lockfree.eventstore.boot.kafka.KafkaFeedMode;
import dev.lockfree.eventstore.boot.kafka.OwnerClient;
import dev.lockfree.eventstore.boot.kafka.WindowAnswer;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaAdmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The auto-configured {@link HttpOwnerClient} sends {@code eventstore.kafka.cluster.username/password} and
 * {@code .headers.*} with each request, against a real loopback server that answers 401 without them.
 */
class OwnerClientCredentialsTests {

    private static final String SECRET = "s3cr3t-pw";
    private static final String TOKEN = "Bearer tok-123";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventStoreClusterAutoConfiguration.class))
            .withBean(KafkaAdmin.class, () -> new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    "127.0.0.1:9")))
            .withBean(KafkaFedStore.class, () -> {
                EventStore<MetricEvent> store = MetricEvent.storeBuilder().withPartitions(2).create();
                return new KafkaFedStore("orders", "orders", "app-orders", KafkaFeedMode.SHARD, store, TreeSet::new);
            });

    private HttpServer server;
    /** The Authorization value the server accepts (a Basic one or a bearer token); set by each test. */
    private volatile String expected;
    private volatile String lastAuthorization;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/actuator/eventstorewindow/orders", exchange -> {
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] body;
            int status;
            if (expected != null && expected.equals(lastAuthorization)) {
                status = 200;
                body = JsonMapper.builder().build().writeValueAsBytes(new WindowAnswer("orders",
                        "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", List.of(0, 1), List.of(), 3, 6.0, 1.0, 3.0,
                        false, Map.of()));
            } else {
                status = 401;
                body = "{\"error\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"actuator\"");
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private URI owner() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private ClusterAggregate ask(OwnerClient client) throws Exception {
        return client.windowAggregate(owner(), "orders", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:01:00Z"), new TreeSet<>(List.of(0, 1)), Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutCredentialsTheSecuredOwnerAnswers401() {
        expected = basic("cluster", SECRET);
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThatThrownBy(() -> ask(context.getBean(OwnerClient.class)))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(HttpOwnerClient.OwnerAnswerException.class)
                    .hasMessageContaining("answered 401");
            assertThat(lastAuthorization).isNull();
        });
    }

    @Test
    void basicCredentialsAreSentAndTheOwnerAnswers() {
        expected = basic("cluster", SECRET);
        runner.withPropertyValues("eventstore.kafka.cluster.username=cluster",
                "eventstore.kafka.cluster.password=" + SECRET).run(context -> {
                    assertThat(context).hasNotFailed();
                    ClusterAggregate answer = ask(context.getBean(OwnerClient.class));
                    assertThat(answer.aggregate().count()).isEqualTo(3);
                    assertThat(answer.partitions()).containsExactly(0, 1);
                    assertThat(lastAuthorization).isEqualTo(expected);
                    // the secret shows nowhere a log or a failure analysis would print it
                    assertThat(context.getBean(OwnerClient.class).toString()).contains("cluster")
                            .doesNotContain(SECRET);
                    assertThat(context.getBean(EventStoreProperties.class).toString()).doesNotContain(SECRET);
                });
    }

    @Test
    void aWrongPasswordIsStill401() {
        expected = basic("cluster", SECRET);
        runner.withPropertyValues("eventstore.kafka.cluster.username=cluster",
                "eventstore.kafka.cluster.password=wrong").run(context ->
                assertThatThrownBy(() -> ask(context.getBean(OwnerClient.class)))
                        .hasMessageContaining("answered 401"));
    }

    @Test
    void configuredHeadersSuchAsABearerTokenAreSent() {
        expected = TOKEN;
        runner.withPropertyValues("eventstore.kafka.cluster.headers.Authorization=" + TOKEN).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(ask(context.getBean(OwnerClient.class)).aggregate().sum()).isEqualTo(6.0);
            assertThat(lastAuthorization).isEqualTo(TOKEN);
            assertThat(context.getBean(OwnerClient.class).toString()).contains("Authorization")
                    .doesNotContain("tok-123");
            assertThat(context.getBean(EventStoreProperties.class).toString()).doesNotContain("tok-123");
        });
    }

    @Test
    void aUsernameWithoutPasswordFailsStartUpNamingBothKeys() {
        runner.withPropertyValues("eventstore.kafka.cluster.username=cluster").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("eventstore.kafka.cluster.username and eventstore.kafka.cluster.password "
                                + "must be set together"));
    }

    @Test
    void basicCredentialsAndAnAuthorizationHeaderTogetherFailStartUp() {
        runner.withPropertyValues("eventstore.kafka.cluster.username=cluster",
                "eventstore.kafka.cluster.password=" + SECRET,
                "eventstore.kafka.cluster.headers.Authorization=" + TOKEN).run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("eventstore.kafka.cluster.headers.Authorization and "
                                + "eventstore.kafka.cluster.username are both set")
                        .message().doesNotContain("tok-123").doesNotContain(SECRET));
    }

    @Test
    void aHeaderTheClientCannotSendFailsStartUpNamingItsKeyNotItsValue() {
        runner.withPropertyValues("eventstore.kafka.cluster.headers.Host=evil.example").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("eventstore.kafka.cluster.headers.Host is not a header")
                        .message().doesNotContain("evil.example"));
    }
}
