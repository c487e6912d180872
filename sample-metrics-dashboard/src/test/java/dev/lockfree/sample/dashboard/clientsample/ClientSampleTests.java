package dev.lockfree.sample.dashboard.clientsample;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.lockfree.sample.dashboard.support.AppTest;
import dev.lockfree.sample.dashboard.support.Json;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The client sample's {@code main} against the app on a random loopback port, as a user runs it. */
@AppTest
@ExtendWith(OutputCaptureExtension.class)
class ClientSampleTests {

    @LocalServerPort
    int port;

    @Autowired
    RestTestClient http;

    @Test
    void mainAppendsReadsAndAggregatesAndTheServerHoldsExactlyWhatItSent(CapturedOutput output) {
        String stream = "client-sample/" + UUID.randomUUID();

        ClientSample.main(new String[] {"http://127.0.0.1:" + port, "--events", "250", "--stream", stream});

        int expectedValor = IntStream.range(0, 250).map(i -> ClientSample.Order.number(i).valor()).sum();
        JsonNode aggregate = Json.ok(http.get()
                .uri("/streams/" + stream + "?aggregate=true&field=valor&groupBy=gatewayId"));
        assertThat(aggregate.get("count").longValue()).isEqualTo(250); // the retry and the stale append stored nothing
        assertThat(aggregate.get("sum").doubleValue()).isEqualTo(expectedValor);
        assertThat(aggregate.get("groups").propertyNames()).containsExactlyInAnyOrder("gw-0", "gw-1", "gw-2");
        assertThat(output.getOut())
                .contains("appended 250 orders, versions 0..249, valor " + expectedValor)
                .contains("retried order-249: version 249, duplicate true")
                .contains("append expecting version 0 refused: the stream is at version 249")
                .contains("read back 250 orders, versions gap-free, valor " + expectedValor)
                .contains("OK: sent, read back and aggregated totals agree");
    }

    @Test
    void theBaseUrlDefaultsToTheOriginalsEventstoreUrlVariable() {
        Run run = run(new String[] {"--events", "3"}, "http://127.0.0.1:" + port);

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("server http://127.0.0.1:" + port + ", stream client-sample/");
    }

    @Test
    void anUnreachableServerIsExitStatus1NamingIt() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        Run run = run(new String[] {"http://127.0.0.1:" + closedPort, "--events", "1"}, null);

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).startsWith("client sample: the server at http://127.0.0.1:" + closedPort + " failed");
    }

    @Test
    void badArgumentsAreExitStatus2WithTheReason() {
        assertThat(run(new String[] {"localhost:8080"}, null).err())
                .contains("the base URL must be an absolute http or https URL");
        assertThat(run(new String[] {"--events", "0"}, null).err())
                .contains("--events must be a whole number from 1 to 10000, was '0'");
        assertThat(run(new String[] {"--events"}, null).err()).contains("--events needs a value");
        assertThat(run(new String[] {"http://a", "http://b"}, null).err()).contains("unexpected argument 'http://b'");
        Run badStream = run(new String[] {"http://127.0.0.1:" + port, "--stream", "../up"}, null);
        assertThat(badStream.status()).isEqualTo(2);
        assertThat(badStream.err()).contains("..");
        assertThat(run(new String[] {"--events", "x"}, null).status()).isEqualTo(2);
    }

    record Run(int status, String out, String err) {
    }

    private static Run run(String[] args, String eventstoreUrl) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ClientSample.run(args, eventstoreUrl, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
