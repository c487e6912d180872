package dev.lockfree.eventstore.boot.kafka;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link OwnerClient} over HTTP with the JDK's {@link HttpClient}: {@code GET <owner><endpointPath>/<store>?from=&to=
 * &partitions=}, read as a {@link WindowAnswer}.
 *
 * <p>The endpoint is an Actuator endpoint, so it sits behind whatever secures the management surface; the
 * {@code requestCustomizer} is where credentials go (e.g. an {@code Authorization} header).
 */
public final class HttpOwnerClient implements OwnerClient {

    private final HttpClient client;
    private final JsonMapper mapper;
    private final String endpointPath;
    private final UnaryOperator<HttpRequest.Builder> requestCustomizer;

    /**
     * @param endpointPath      the window endpoint's path below an owner's base URL, e.g.
     *                          {@code /actuator/eventstorewindow}
     * @param requestCustomizer applied to every request before it is sent
     */
    public HttpOwnerClient(HttpClient client, JsonMapper mapper, String endpointPath,
                           UnaryOperator<HttpRequest.Builder> requestCustomizer) {
        this.client = Objects.requireNonNull(client, "client");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        if (!endpointPath.startsWith("/")) {
            throw new IllegalArgumentException("endpointPath '" + endpointPath + "' must start with '/'");
        }
        this.endpointPath = endpointPath.endsWith("/") ? endpointPath.substring(0, endpointPath.length() - 1)
                : endpointPath;
        this.requestCustomizer = Objects.requireNonNull(requestCustomizer, "requestCustomizer");
    }

    @Override
    public CompletableFuture<ClusterAggregate> windowAggregate(URI owner, String store, Instant from, Instant to,
                                                               SortedSet<Integer> partitions, Duration timeout) {
        URI uri = uri(owner, store, from, to, partitions);
        HttpRequest request = requestCustomizer.apply(HttpRequest.newBuilder(uri).GET().timeout(timeout)
                .header("Accept", "application/json")).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(response -> read(uri, store, response));
    }

    URI uri(URI owner, String store, Instant from, Instant to, SortedSet<Integer> partitions) {
        String base = owner.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + endpointPath + "/" + encode(store) + "?from=" + encode(from.toString()) + "&to="
                + encode(to.toString()) + "&partitions="
                + partitions.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }

    private ClusterAggregate read(URI uri, String store, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            String body = response.body();
            throw new OwnerAnswerException("GET " + uri + " answered " + response.statusCode() + ": "
                    + (body.length() > 500 ? body.substring(0, 500) + "..." : body));
        }
        WindowAnswer answer;
        try {
            answer = mapper.readValue(response.body(), WindowAnswer.class);
        }
        catch (RuntimeException ex) {
            throw new OwnerAnswerException("GET " + uri + " answered a body that is not a window answer: " + ex, ex);
        }
        if (!store.equals(answer.store())) {
            throw new OwnerAnswerException("GET " + uri + " answered for store '" + answer.store() + "'");
        }
        try {
            return answer.toClusterAggregate();
        }
        catch (IllegalArgumentException ex) {
            throw new OwnerAnswerException("GET " + uri + ": " + ex.getMessage(), ex);
        }
    }

    /** The request customizer's own text: {@link OwnerRequestCredentials} masks its secrets. */
    @Override
    public String toString() {
        return "HttpOwnerClient[endpointPath=" + endpointPath + ", requests=" + requestCustomizer + "]";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** An owner answered, but not with a usable window answer. */
    public static final class OwnerAnswerException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        OwnerAnswerException(String message) {
            super(message);
        }

        OwnerAnswerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
