package dev.lockfree.sample.dashboard.streams;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.lockfree.sample.dashboard.support.HttpApi;
import dev.lockfree.sample.dashboard.support.HttpApi.Response;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dashboard.streams.max-streams}: the stream past the limit is refused with 503, the others keep working. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1", "eventstore.snapshot.enabled=false", "dashboard.streams.max-streams=2",
        "dashboard.security.users.admin.password=x"})
class StreamLimitTests {

    @LocalServerPort
    int port;

    @Test
    void theStreamPastTheLimitIs503AndExistingStreamsStillAppend() {
        HttpApi api = new HttpApi(port);
        assertThat(api.postJson("/streams/one", "{}").status()).isEqualTo(201);
        assertThat(api.postJson("/streams/two", "{}").status()).isEqualTo(201);

        Response third = api.postJson("/streams/three", "{}");

        assertThat(third.status()).isEqualTo(503);
        assertThat(third.contentType()).startsWith("application/problem+json");
        assertThat(third.json().get("title").stringValue()).isEqualTo("Stream limit reached");
        assertThat(api.get("/streams/three").status()).isEqualTo(404);
        assertThat(api.postJson("/streams/one", "{}").json().get("version").longValue()).isEqualTo(1);
    }
}
