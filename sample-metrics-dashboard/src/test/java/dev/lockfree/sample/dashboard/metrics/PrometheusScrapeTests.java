package dev.lockfree.sample.dashboard.metrics;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;

import dev.lockfree.sample.dashboard.support.AppTest;
import dev.lockfree.sample.dashboard.support.Json;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a Prometheus server scrapes from the sample, anonymously: every store meter under a name that reads once
 * (no word repeated, as {@code eventstore_events_appended_events_total} did), with the names the README lists.
 */
@AppTest
class PrometheusScrapeTests {

    @Autowired
    RestTestClient http;

    @Test
    void theStoreMetersAreScrapedUnderNamesThatReadOnce() {
        http.post().uri("/metrics").contentType(MediaType.APPLICATION_JSON)
                .body("{\"label\":\"scrape-" + UUID.randomUUID() + "\",\"value\":1}").exchange()
                .expectStatus().isAccepted();

        RestTestClientResponse scrape = RestTestClientResponse.from(http.get().uri("/actuator/prometheus").exchange());

        assertThat(scrape).hasStatusOk();
        String body = Json.text(scrape);
        List<String> names = body.lines()
                .filter(line -> line.startsWith("eventstore_"))
                .map(line -> line.substring(0, line.indexOf('{') > 0 ? line.indexOf('{') : line.indexOf(' ')))
                .distinct()
                .toList();
        assertThat(names).contains(
                "eventstore_events_appended_total", "eventstore_events_discarded_total",
                "eventstore_events_rejected_total", "eventstore_events_late_total",
                "eventstore_events_removed_total", "eventstore_events_restored_total",
                "eventstore_events_buffered", "eventstore_events_capacity", "eventstore_partitions",
                "eventstore_snapshot_failures_total", "eventstore_snapshot_dropped_total",
                "eventstore_snapshot_events_skipped_total", "eventstore_snapshot_written_bytes_total",
                "eventstore_snapshot_size_bytes", "eventstore_snapshot_events_pending",
                "eventstore_snapshot_failures_consecutive", "eventstore_snapshot_age_seconds",
                "eventstore_snapshot_pending_age_seconds");
        assertThat(names).allSatisfy(name -> {
            String[] words = name.split("_");
            Set<String> distinct = new HashSet<>(Arrays.asList(words));
            assertThat(distinct).as(name + " repeats a word").hasSize(words.length);
        });
        assertThat(body).contains("eventstore_events_appended_total{store=\"metrics\"}")
                .contains("eventstore_events_removed_total{reason=\"clear\",store=\"metrics\"}");
    }
}
