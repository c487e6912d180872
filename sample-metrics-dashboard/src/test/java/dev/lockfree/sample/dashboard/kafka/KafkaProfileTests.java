package dev.lockfree.sample.dashboard.kafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.lockfree.sample.dashboard.MetricsDashboardApplication;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kafka profile end to end on a real broker in the test JVM (loopback): a gateway context (profiles
 * {@code gateway,kafka}, publish-only) publishes orders, a dashboard context (profile {@code kafka}) consumes every
 * partition, and {@code /stats/global} on both equals what the gateway says the broker acknowledged; the
 * dashboard's JSON names the partitions the instance owns, their lag and the cluster totals.
 */
class KafkaProfileTests {

    private static final int PARTITIONS = 6;
    private static final JsonMapper JSON = new JsonMapper();

    private static EmbeddedKafkaKraftBroker broker;
    private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private static final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    static Path snapshots;

    private static String dashboard;
    private static String gateway;

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.afterPropertiesSet();
        broker.addTopics(new NewTopic("metrics", PARTITIONS, (short) 1), new NewTopic("orders", PARTITIONS, (short) 1));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> admin
                    .describeTopics(List.of("metrics", "orders")).allTopicNames().get().values().stream()
                    .flatMap(t -> t.partitions().stream())
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        }
        dashboard = baseUrl(run("dashboard", "kafka"));
        gateway = baseUrl(run("gateway", "gateway", "kafka"));
    }

    @AfterAll
    static void stop() {
        contexts.forEach(ConfigurableApplicationContext::close);
        if (broker != null) {
            broker.destroy();
        }
    }

    private static ConfigurableApplicationContext run(String instance, String... profiles) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(MetricsDashboardApplication.class)
                .profiles(profiles)
                // arguments, not default properties: application.yml's port and snapshot directory must lose
                .run("--server.port=0", "--server.address=127.0.0.1",
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--eventstore.snapshot.directory=" + snapshots.resolve(instance),
                        "--dashboard.gateway.id=gw-test",
                        "--dashboard.security.users.admin.password=admin-secret");
        contexts.add(context);
        return context;
    }

    private static String baseUrl(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)));
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode post(String url, String body, int status) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as("POST %s: %s", url, response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    @Test
    void gatewayPublishesDashboardConsumesAndEitherAnswersTheExactClusterTotal() throws Exception {
        long before = get(gateway + "/stats/local").get("sent").asLong();
        JsonNode bulk = post(gateway + "/orders/bulk?n=400", "", 200);
        assertThat(bulk.get("succeeded").asInt()).isEqualTo(400);
        JsonNode one = post(gateway + "/orders", "", 201);
        assertThat(one.get("partition").asInt()).isBetween(0, PARTITIONS - 1);
        assertThat(one.get("order").get("gatewayId").asString()).isEqualTo("gw-test");

        // the gateway counts what the broker acknowledged; every test's orders are in the cluster's total
        JsonNode local = get(gateway + "/stats/local");
        assertThat(local.get("sent").asLong()).isEqualTo(before + 401);
        assertThat(local.get("failed").asLong()).isZero();
        long sent = local.get("sent").asLong();
        long sentValor = local.get("sentValor").asLong();

        for (String instance : List.of(dashboard, gateway)) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode global = get(instance + "/stats/global");
                assertThat(global.get("missingPartitions")).as(instance).isEmpty();
                assertThat(global.get("count").asLong()).as(instance).isEqualTo(sent);
                assertThat(Math.round(global.get("sum").asDouble())).as(instance).isEqualTo(sentValor);
            });
            JsonNode global = get(instance + "/stats/global");
            assertThat(global.get("store").asString()).isEqualTo("orders");
            assertThat(global.get("complete").asBoolean()).isTrue();
            assertThat(global.get("partitions")).extracting(JsonNode::asInt)
                    .containsExactlyElementsOf(IntStream.range(0, PARTITIONS).boxed().toList());
        }
    }

    /** The routes the Kafka gateway shares with the HTTP one (GatewayRoutes) answer as GatewayRoleTests expects. */
    @Test
    void theKafkaGatewayRefusesBadBulkSizesAndNamesItselfAsTheHttpGatewayDoes() throws Exception {
        for (String n : List.of("0", "10001")) {
            JsonNode problem = post(gateway + "/orders/bulk?n=" + n, "", 400);
            assertThat(problem.get("title").asString()).isEqualTo("Invalid request");
            assertThat(problem.get("field").asString()).isEqualTo("n");
            assertThat(problem.get("detail").asString()).isEqualTo("n must be between 1 and 10000, was " + n);
        }
        JsonNode health = get(gateway + "/health");
        assertThat(health.get("gatewayId").asString()).isEqualTo("gw-test");
        assertThat(health.get("status").asString()).isEqualTo("UP");
    }

    @Test
    void theDashboardShowsOwnedPartitionsTheirLagAndTheClusterTotals() throws Exception {
        post(gateway + "/orders/bulk?n=50", "", 200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode orders = storeFeed(get(dashboard + "/api/dashboard"), "orders");
            assertThat(orders.get("consuming").asBoolean()).isTrue();
            assertThat(orders.get("ownedPartitions")).extracting(JsonNode::asInt)
                    .containsExactlyElementsOf(IntStream.range(0, PARTITIONS).boxed().toList());
            assertThat(orders.get("owned")).hasSize(PARTITIONS).allSatisfy(p -> assertThat(p.get("lag").asLong())
                    .as("lag of %s", p).isZero());
            assertThat(orders.get("cluster").get("missingPartitions")).isEmpty();
            assertThat(orders.get("cluster").get("count").asLong())
                    .isEqualTo(get(gateway + "/stats/local").get("sent").asLong());
        });
        JsonNode atGateway = storeFeed(get(gateway + "/api/dashboard"), "orders");
        assertThat(atGateway.get("consuming").asBoolean()).as("a gateway only publishes").isFalse();
        assertThat(atGateway.get("ownedPartitions")).isEmpty();
        assertThat(atGateway.get("cluster").get("missingPartitions")).isEmpty();
    }

    @Test
    void aPostedMetricGoesThroughTheTopicIntoTheStore() throws Exception {
        post(dashboard + "/metrics", "{\"label\":\"kafka-profile\",\"value\":42}", 202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                get(dashboard + "/metrics/window?label=kafka-profile").get("count").asLong()).isEqualTo(1));
        JsonNode metrics = storeFeed(get(dashboard + "/api/dashboard"), "metrics");
        assertThat(metrics.get("topic").asString()).isEqualTo("metrics");
    }

    @Test
    void otherInstancesAskTheWindowEndpointWithoutCredentials() throws Exception {
        JsonNode answer = get(dashboard + "/actuator/eventstorewindow/orders?from=2020-01-01T00:00:00Z"
                + "&to=2100-01-01T00:00:00Z&partitions=0,1");
        assertThat(answer.get("store").asString()).isEqualTo("orders");
        // the rest of Actuator still needs the role ADMIN
        assertThat(send(HttpRequest.newBuilder(URI.create(dashboard + "/actuator/eventstore/orders"))).statusCode())
                .isEqualTo(401);
    }

    private static JsonNode storeFeed(JsonNode dashboardJson, String store) {
        JsonNode kafka = dashboardJson.get("kafka");
        assertThat(kafka).as("the kafka section").isNotNull();
        for (JsonNode feed : kafka.get("stores")) {
            if (feed.get("store").asString().equals(store)) {
                return feed;
            }
        }
        throw new AssertionError("no store '" + store + "' in " + kafka);
    }
}
