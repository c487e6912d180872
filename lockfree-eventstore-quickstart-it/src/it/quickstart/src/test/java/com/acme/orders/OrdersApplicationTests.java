package com.acme.orders;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import dev.lockfree.eventstore.boot.EventStoreRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The quick start of README.md, built against the artifacts of the lockfree-eventstore build. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrdersApplicationTests {

    @LocalServerPort
    int port;

    @Autowired
    OrderService service;

    @Autowired
    OrderReport report;

    @Autowired
    EventStoreRegistry registry;

    @Test
    void theConfiguredStoreIsInjectedByTypeAndByNameAndTheEndpointShowsIt() throws Exception {
        // one store, injected by type and by @Qualifier("orders")
        assertThat(service.store()).isSameAs(report.store()).isSameAs(registry.get("orders", OrderEvent.class));
        assertThat(service.store().partitions()).isEqualTo(4);

        Instant now = Instant.now();
        assertThat(service.place(new OrderEvent("c-1", 19.90, now))).isTrue();
        assertThat(service.place(new OrderEvent("c-2", 250.00, now))).isTrue();
        assertThat(service.lastMinute().count()).isEqualTo(2);
        assertThat(service.lastMinute().sum()).isEqualTo(269.90);
        assertThat(report.bigOrders(now.minusSeconds(1), now.plusSeconds(1))).isEqualTo(1);

        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/eventstore"))
                        .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"orders\"", "\"eventType\":\"com.acme.orders.OrderEvent\"",
                "\"partitions\":4", "\"appended\":2");
    }
}
