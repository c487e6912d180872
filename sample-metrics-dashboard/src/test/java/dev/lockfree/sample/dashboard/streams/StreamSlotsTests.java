package dev.lockfree.sample.dashboard.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import dev.lockfree.eventstore.stream.EventStreams;
import dev.lockfree.sample.dashboard.support.AppTest;
import dev.lockfree.sample.dashboard.support.HttpApi;
import dev.lockfree.sample.dashboard.support.MutableClock;
import dev.lockfree.sample.dashboard.support.HttpApi.Response;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slots of {@code dashboard.streams.max-streams} come back (a clear forgets the streams it empties; a stream
 * whose events were all evicted is reclaimed by a new one), and {@code max-new-streams-per-client} limits how
 * fast one client creates streams (429 until its window ends, measured by the app's clock, moved by the test).
 * All requests come from 127.0.0.1: one client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1", "eventstore.snapshot.enabled=false",
        "dashboard.streams.max-streams=2", "dashboard.streams.capacity-per-partition=2",
        "dashboard.streams.max-new-streams-per-client=6", "dashboard.streams.new-streams-window=1m",
        "dashboard.security.users.admin.password=" + AppTest.ADMIN_PASSWORD,
        "dashboard.security.users.admin.roles=ADMIN"})
@Import(StreamSlotsTests.Clocks.class)
class StreamSlotsTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        MutableClock movableClock() {
            return new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    EventStreams<JsonNode> streams;

    HttpApi api;

    @BeforeEach
    void freshWindowAndNoStreams() {
        api = new HttpApi(port);
        clock.advance(Duration.ofMinutes(2)); // a new creation window
        assertThat(clear("/admin/clear").status()).isEqualTo(200);
        assertThat(streams.streamCount()).isZero();
    }

    private Response clear(String path) {
        return api.postAs(AppTest.ADMIN, AppTest.ADMIN_PASSWORD, path);
    }

    private Response append(String stream) {
        return api.postJson("/streams/" + stream, "{\"v\":1}");
    }

    private long version(Response appended) {
        return appended.json().get("version").longValue();
    }

    @Test
    void adminClearFreesTheSlotsOfTheStreamLimit() {
        assertThat(append("clear/a").status()).isEqualTo(201);
        assertThat(append("clear/a").status()).isEqualTo(201);
        assertThat(append("clear/b").status()).isEqualTo(201);
        assertThat(append("clear/c").status()).isEqualTo(503); // both streams hold events

        assertThat(clear("/admin/clear").status()).isEqualTo(200);

        Response c = append("clear/c");
        assertThat(c.status()).isEqualTo(201);
        assertThat(version(c)).isZero();
        assertThat(api.get("/streams/clear/b").status()).isEqualTo(404); // forgotten
        Response a = append("clear/a");
        assertThat(a.status()).isEqualTo(201);
        assertThat(version(a)).isZero(); // a cleared stream starts again at 0
        assertThat(streams.streamCount()).isEqualTo(2);
    }

    @Test
    void adminResetFreesTheSlotsToo() {
        assertThat(append("reset/a").status()).isEqualTo(201);
        assertThat(append("reset/b").status()).isEqualTo(201);
        assertThat(append("reset/c").status()).isEqualTo(503);

        assertThat(clear("/admin/reset").status()).isEqualTo(200);

        assertThat(append("reset/c").status()).isEqualTo(201);
        assertThat(append("reset/d").status()).isEqualTo(201);
        assertThat(append("reset/e").status()).isEqualTo(503);
    }

    @Test
    void aNewStreamTakesTheSlotOfAStreamWhoseEventsWereAllEvicted() {
        List<String> same = namesInOnePartition("evicted/", 4); // 2 events per partition are kept
        String n1 = same.get(0);
        String n2 = same.get(1);
        assertThat(append(n1).status()).isEqualTo(201);
        assertThat(append(n2).status()).isEqualTo(201); // the limit is full
        assertThat(append(n2).status()).isEqualTo(201); // evicts n1's only event
        assertThat(api.getJson("/streams/" + n1).get("events")).isEmpty();

        Response third = append(same.get(2));
        assertThat(third.status()).isEqualTo(201); // took n1's slot (and evicted n2's version 0)
        assertThat(version(third)).isZero();
        assertThat(api.get("/streams/" + n1).status()).isEqualTo(404); // forgotten: it would start again at 0
        assertThat(api.getJson("/streams/" + n2).get("lastVersion").longValue()).isEqualTo(1);
        // both streams hold an event now: nothing to reclaim
        Response refused = append(same.get(3));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().get("title").stringValue()).isEqualTo("Stream limit reached");
        assertThat(streams.streamCount()).isEqualTo(2);
    }

    @Test
    void aClientOverItsBudgetOfNewStreamsGets429UntilItsWindowEnds() {
        assertThat(append("rate/1").status()).isEqualTo(201);
        assertThat(append("rate/2").status()).isEqualTo(201);
        assertThat(clear("/admin/clear").status()).isEqualTo(200); // slots free again, the budget is not
        assertThat(append("rate/3").status()).isEqualTo(201);
        assertThat(append("rate/4").status()).isEqualTo(201);
        Response existing = append("rate/3");
        assertThat(existing.status()).isEqualTo(201); // appends to existing streams are not counted
        assertThat(version(existing)).isEqualTo(1);
        assertThat(clear("/admin/clear").status()).isEqualTo(200);
        assertThat(append("rate/5").status()).isEqualTo(201);
        assertThat(append("rate/6").status()).isEqualTo(201); // the 6th creation of this window
        assertThat(clear("/admin/clear").status()).isEqualTo(200);

        Response refused = append("rate/7");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("60");
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonNode problem = refused.json();
        assertThat(problem.get("status").intValue()).isEqualTo(429);
        assertThat(problem.get("title").stringValue()).isEqualTo("Too many new streams");
        assertThat(problem.get("type").stringValue()).isEqualTo("https://lockfree.dev/problems/new-stream-rate");
        assertThat(problem.get("maxNewStreamsPerClient").intValue()).isEqualTo(6);
        assertThat(problem.get("instance").stringValue()).isEqualTo("/streams/rate/7");
        assertThat(api.get("/streams/rate/7").status()).isEqualTo(404); // nothing was appended

        clock.advance(Duration.ofSeconds(59));
        Response stillRefused = append("rate/7");
        assertThat(stillRefused.status()).isEqualTo(429);
        assertThat(stillRefused.header("Retry-After")).isEqualTo("1");

        clock.advance(Duration.ofSeconds(1)); // the window has ended
        assertThat(append("rate/7").status()).isEqualTo(201);
    }

    /** {@code count} stream names that the store routes to one partition. */
    private List<String> namesInOnePartition(String prefix, int count) {
        List<String> names = new ArrayList<>();
        int partition = streams.store().partitionFor(prefix + 0);
        for (int i = 0; names.size() < count; i++) {
            if (streams.store().partitionFor(prefix + i) == partition) {
                names.add(prefix + i);
            }
        }
        return names;
    }
}
