package dev.lockfree.sample.dashboard.metrics;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;

import dev.lockfree.sample.dashboard.support.AppTest;
import dev.lockfree.sample.dashboard.support.Json;
import dev.lockfree.sample.dashboard.support.Requests;

import tools.jackson.databind.JsonNode;

import static dev.lockfree.sample.dashboard.support.Problems.assertFieldProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /metrics/aggregate-zero-alloc} over HTTP, anonymous: the C# seed's smoke check (it agrees with
 * {@code /metrics/window} on what nothing evicted) and its refusals. What it counts is pinned by
 * {@link AggregateZeroAllocTest}.
 */
@AppTest
class AggregateZeroAllocTests {

    @Autowired
    RestTestClient http;

    @Test
    void agreesWithTheExactScanOfWindowOverTheSameWholeSecond() {
        Instant second = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        String label = "zero-alloc-" + UUID.randomUUID();
        for (int i = 1; i <= 3; i++) {
            assertThat(Requests.postJson(http, "/metrics", "{\"label\":\"" + label + "\",\"value\":" + (i * 10)
                    + ",\"timestamp\":\"" + second.plusMillis(i * 300L) + "\"}")).hasStatus(202);
        }
        String range = "?from=" + second + "&to=" + second.plusMillis(999);

        JsonNode buckets = Json.ok(http.get().uri("/metrics/aggregate-zero-alloc" + range));
        JsonNode scan = Json.ok(http.get().uri("/metrics/window" + range));

        assertThat(buckets.get("count").longValue()).isGreaterThanOrEqualTo(3).isEqualTo(scan.get("count").longValue());
        for (String field : new String[] {"sum", "min", "max", "avg", "overflow"}) {
            assertThat(buckets.get(field)).as(field).isEqualTo(scan.get(field));
        }
        assertThat(buckets.get("window").get("from").stringValue()).isEqualTo(second.toString());
        assertThat(buckets.get("window").get("to").stringValue()).isEqualTo(second.plusSeconds(1).toString());
    }

    @Test
    void withoutBoundsItAnswersTheWholeTrackedWindow() {
        assertThat(Requests.postJson(http, "/metrics", "{\"label\":\"zero-alloc-now\",\"value\":1}")).hasStatus(202);

        JsonNode all = Json.ok(http.get().uri("/metrics/aggregate-zero-alloc"));

        assertThat(all.get("count").longValue()).isPositive();
        Instant from = Instant.parse(all.get("window").get("from").stringValue());
        Instant to = Instant.parse(all.get("window").get("to").stringValue());
        assertThat(java.time.Duration.between(from, to)).isEqualTo(java.time.Duration.ofMinutes(15)); // application.yml
    }

    @Test
    void aFromOlderThanTheBucketsIs400NamingIt() {
        RestTestClientResponse response = RestTestClientResponse.from(http.get()
                .uri("/metrics/aggregate-zero-alloc?from=" + Instant.now().minus(1, ChronoUnit.HOURS)).exchange());

        assertFieldProblem(response, 400, "invalid-request", "from", "older than the time buckets");
    }

    @Test
    void badBoundsAre400ProblemsNamingTheParameter() {
        assertFieldProblem(RestTestClientResponse.from(http.get()
                        .uri("/metrics/aggregate-zero-alloc?from=yesterday").exchange()),
                400, "invalid-request", "from", "from");
        Instant now = Instant.now();
        assertFieldProblem(RestTestClientResponse.from(http.get()
                        .uri("/metrics/aggregate-zero-alloc?from=" + now + "&to=" + now.minusSeconds(5)).exchange()),
                400, "invalid-request", "from", "must not be after");
    }
}
