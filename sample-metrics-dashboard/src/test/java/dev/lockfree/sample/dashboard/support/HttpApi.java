package dev.lockfree.sample.dashboard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tiny java.net.http client: real requests to the app on its random loopback port. Tests talk to the app
 * through the {@code RestTestClient} of {@link AppTest}; this stays for what only java.net.http does here (a
 * chunked request body of unknown length) and for the tests not moved yet (the browser test's set-up, the
 * stream limit test).
 */
public final class HttpApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    public HttpApi(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    public record Response(int status, Map<String, java.util.List<String>> headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String base() {
        return base.toString();
    }

    /** Posts one metric and checks it was accepted (202). */
    public void postMetric(String label, double value, java.time.Instant timestamp) {
        String body = JSON.writeValueAsString(JSON.createObjectNode().put("label", label).put("value", value)
                .put("timestamp", timestamp.toString()));
        Response response = postJson("/metrics", body);
        if (response.status() != 202) {
            throw new IllegalStateException("POST /metrics answered " + response);
        }
    }

    /** GET expecting 200 and a JSON body. */
    public JsonNode getJson(String path) {
        Response response = get(path);
        if (response.status() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response);
        }
        return response.json();
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public Response postJson(String path, String json, String... headers) {
        return post(path, "application/json", json, headers);
    }

    public Response post(String path, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    public Response postAs(String user, String password, String path) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Basic " + credentials)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI uri(String path) {
        return base.resolve(path);
    }
}
