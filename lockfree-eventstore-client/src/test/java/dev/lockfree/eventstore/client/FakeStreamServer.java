package dev.lockfree.eventstore.client;

import dev.lockfree.eventstore.protocol.ExpectedVersion;
import dev.lockfree.eventstore.protocol.IdempotencyKeys;
import dev.lockfree.eventstore.protocol.PageLimits;
import dev.lockfree.eventstore.protocol.StreamHeaders;
import dev.lockfree.eventstore.protocol.StreamNames;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An in-memory server of the stream HTTP contract (/work/helpers/STREAM-HTTP-CONTRACT.md) on 127.0.0.1
 * and a random port, with fault injection: scripted statuses, raw bodies, and requests held until a latch
 * opens. Records every request it receives, faults included.
 */
final class FakeStreamServer implements AutoCloseable {

    static final int MAX_BODY_BYTES = 64 * 1024;

    static {
        // the JDK server leaves Nagle on by default: its response headers and body then wait for the
        // client's delayed ACK, 40 ms a request; read once, when the first HttpServer of the JVM is made
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One request as the server saw it. */
    record Request(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private sealed interface Fault permits Respond, Hold {
    }

    private record Respond(int status, String contentType, String body, String retryAfter) implements Fault {
    }

    private record Hold(CountDownLatch release) implements Fault {
    }

    private static final class StoredEvent {
        final long version;
        final Instant timestamp;
        final ObjectNode data;

        StoredEvent(long version, Instant timestamp, ObjectNode data) {
            this.version = version;
            this.timestamp = timestamp;
            this.data = data;
        }
    }

    private static final class StreamState {
        final List<StoredEvent> retained = new ArrayList<>();
        final Map<String, Long> versionsByKey = new HashMap<>();
        long nextVersion;
    }

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Map<String, StreamState> streams = new HashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final List<CountDownLatch> holds = new CopyOnWriteArrayList<>();
    private final AtomicInteger completed = new AtomicInteger();
    private final String contextPath;
    private volatile int retainLast = Integer.MAX_VALUE;

    private FakeStreamServer(String contextPath) throws IOException {
        this.contextPath = contextPath;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeStreamServer start() {
        return start("");
    }

    /** A server whose streams live under {@code contextPath + "/streams/"}, as an app deployed under a path. */
    static FakeStreamServer start(String contextPath) {
        try {
            return new FakeStreamServer(contextPath);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the fake stream server", e);
        }
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + contextPath);
    }

    /** The next {@code times} requests get {@code status} with a problem body, before any processing. */
    void failNext(int times, int status) {
        for (int i = 0; i < times; i++) {
            faults.add(new Respond(status, "application/problem+json", problemJson(status, "Injected failure",
                    "injected " + status, null), null));
        }
    }

    /** The next request gets {@code status} with a {@code Retry-After} header. */
    void failNextWithRetryAfter(int status, String retryAfter) {
        faults.add(new Respond(status, "application/problem+json",
                problemJson(status, "Injected failure", "injected " + status, null), retryAfter));
    }

    /** The next request gets exactly this response, before any processing. */
    void respondNext(int status, String contentType, String body) {
        faults.add(new Respond(status, contentType, body, null));
    }

    /** The next {@code times} requests wait until {@code release} opens, then are processed normally. */
    void holdNext(int times, CountDownLatch release) {
        holds.add(release);
        for (int i = 0; i < times; i++) {
            faults.add(new Hold(release));
        }
    }

    /** Each stream keeps only its last {@code events} events from now on (evicting the oldest). */
    void retainLast(int events) {
        retainLast = events;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    int requestCount() {
        return requests.size();
    }

    /** Requests whose handling has ended (answered, or given up on a closed connection). */
    int completedCount() {
        return completed.get();
    }

    synchronized int storedEvents(String stream) {
        StreamState state = streams.get(stream);
        return state == null ? 0 : state.retained.size();
    }

    @Override
    public void close() {
        holds.forEach(CountDownLatch::countDown);
        server.stop(0);
        pool.shutdownNow();
    }

    // ------------------------------------------------------------------ request handling

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            URI uri = exchange.getRequestURI();
            requests.add(new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, body));

            Fault fault = faults.poll();
            if (fault instanceof Respond respond) {
                if (respond.retryAfter() != null) {
                    exchange.getResponseHeaders().add("Retry-After", respond.retryAfter());
                }
                send(exchange, respond.status(), respond.contentType(), respond.body());
                return;
            }
            if (fault instanceof Hold hold && !hold.release().await(30, TimeUnit.SECONDS)) {
                return;
            }
            route(exchange, uri, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (timeout) and closed the connection: nothing to answer
        } finally {
            completed.incrementAndGet();
        }
    }

    private void route(HttpExchange exchange, URI uri, byte[] body) throws IOException {
        String rawPath = uri.getRawPath();
        String prefix = contextPath + "/streams/";
        if (!rawPath.startsWith(prefix)) {
            send(exchange, 404, "text/html", "<html><body>No route for " + rawPath + "</body></html>");
            return;
        }
        String stream = decodePath(rawPath.substring(prefix.length()));
        String invalid = invalidStreamName(stream);
        if (invalid != null) {
            sendProblem(exchange, 400, "Invalid stream name", invalid, Map.of("stream", stream));
            return;
        }
        switch (exchange.getRequestMethod()) {
            case "POST" -> append(exchange, stream, body);
            case "GET" -> {
                Map<String, String> query = parseQuery(uri.getRawQuery());
                if ("true".equals(query.get("aggregate"))) {
                    aggregate(exchange, stream, query);
                } else {
                    read(exchange, stream, query);
                }
            }
            default -> sendProblem(exchange, 405, "Method not allowed", exchange.getRequestMethod(), Map.of());
        }
    }

    private void append(HttpExchange exchange, String stream, byte[] body) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            sendProblem(exchange, 415, "Unsupported media type", "Content-Type must be application/json, was "
                    + contentType, Map.of("stream", stream));
            return;
        }
        if (body.length > MAX_BODY_BYTES) {
            sendProblem(exchange, 413, "Payload too large", "body is " + body.length + " bytes, max "
                    + MAX_BODY_BYTES, Map.of("stream", stream));
            return;
        }
        JsonNode event;
        try {
            event = mapper.readTree(body);
        } catch (JacksonException e) {
            sendProblem(exchange, 400, "Malformed JSON", e.getOriginalMessage(), Map.of("stream", stream));
            return;
        }
        if (event == null || !event.isObject()) {
            sendProblem(exchange, 400, "Bad request", "body must be a JSON object", Map.of("stream", stream));
            return;
        }
        // the same protocol rules as the real server (dev.lockfree.eventstore.protocol)
        String expected = exchange.getRequestHeaders().getFirst(StreamHeaders.EXPECTED_VERSION);
        ExpectedVersion condition;
        try {
            condition = expected == null ? ExpectedVersion.ANY : ExpectedVersion.parseHeader(expected);
        } catch (IllegalArgumentException e) {
            sendProblem(exchange, 400, "Bad request", e.getMessage(), Map.of("stream", stream));
            return;
        }
        String key = exchange.getRequestHeaders().getFirst(StreamHeaders.IDEMPOTENCY_KEY);
        String keyProblem = key == null ? null : IdempotencyKeys.problem(key);
        if (keyProblem != null) {
            sendProblem(exchange, 400, "Bad request", keyProblem, Map.of("stream", stream));
            return;
        }
        int status;
        long version;
        synchronized (this) {
            StreamState state = streams.get(stream);
            Long seen = key == null || state == null ? null : state.versionsByKey.get(key);
            if (seen != null) {
                status = 200;
                version = seen;
            } else {
                long current = state == null ? -1 : state.nextVersion - 1;
                if (!condition.matches(current)) {
                    sendProblem(exchange, 409, "Wrong expected version", "expected " + expected + ", current "
                            + current, Map.of("stream", stream, "expectedVersion", expected, "currentVersion", current));
                    return;
                }
                if (state == null) {
                    state = new StreamState();
                    streams.put(stream, state);
                }
                version = state.nextVersion++;
                state.retained.add(new StoredEvent(version, Instant.now(), (ObjectNode) event));
                while (state.retained.size() > retainLast) {
                    state.retained.remove(0);
                }
                if (key != null) {
                    state.versionsByKey.put(key, version);
                }
                status = 201;
            }
        }
        ObjectNode result = mapper.createObjectNode().put("stream", stream).put("version", version);
        exchange.getResponseHeaders().add("Location", "/streams/" + stream + "?from=" + version + "&limit=1");
        send(exchange, status, "application/json", mapper.writeValueAsString(result));
    }

    private void read(HttpExchange exchange, String stream, Map<String, String> query) throws IOException {
        Long from = longParameter(exchange, stream, query, "from", 0, 0, Long.MAX_VALUE);
        Long limit = from == null ? null : longParameter(exchange, stream, query, "limit", PageLimits.DEFAULT_PAGE_SIZE, 1,
                PageLimits.MAX_PAGE_SIZE);
        if (limit == null) {
            return;
        }
        ObjectNode page = mapper.createObjectNode().put("stream", stream);
        synchronized (this) {
            StreamState state = streams.get(stream);
            if (state == null) {
                sendStreamNotFound(exchange, stream);
                return;
            }
            ArrayNode events = page.putArray("events");
            long next = from;
            for (StoredEvent event : state.retained) {
                if (event.version >= from && events.size() < limit) {
                    events.addObject().put("version", event.version).put("timestamp", event.timestamp.toString())
                            .set("data", event.data);
                    next = event.version + 1;
                }
            }
            page.put("nextVersion", next).put("lastVersion", state.nextVersion - 1);
        }
        send(exchange, 200, "application/json", mapper.writeValueAsString(page));
    }

    private void aggregate(HttpExchange exchange, String stream, Map<String, String> query) throws IOException {
        long start = System.nanoTime();
        String field = query.get("field");
        if (field == null || field.isEmpty()) {
            sendProblem(exchange, 400, "Bad request", "parameter field is required with aggregate=true",
                    Map.of("stream", stream));
            return;
        }
        String groupBy = query.get("groupBy");
        long count = 0;
        long skipped = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        Map<String, double[]> groups = new LinkedHashMap<>();
        synchronized (this) {
            StreamState state = streams.get(stream);
            if (state == null) {
                sendStreamNotFound(exchange, stream);
                return;
            }
            for (StoredEvent event : state.retained) {
                JsonNode value = event.data.get(field);
                if (value == null || !value.isNumber()) {
                    skipped++;
                    continue;
                }
                double v = value.doubleValue();
                count++;
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
                if (groupBy != null) {
                    JsonNode key = event.data.get(groupBy);
                    String group = key == null || key.isNull() ? "(none)" : key.isString() ? key.stringValue() : key.toString();
                    double[] g = groups.computeIfAbsent(group, k -> new double[2]);
                    g[0]++;
                    g[1] += v;
                }
            }
        }
        ObjectNode result = mapper.createObjectNode().put("stream", stream).put("field", field)
                .put("count", count).put("sum", sum);
        if (count == 0) {
            result.putNull("min").putNull("max").putNull("avg");
        } else {
            result.put("min", min).put("max", max).put("avg", sum / count);
        }
        if (groupBy != null) {
            ObjectNode groupsNode = result.putObject("groups");
            groups.forEach((name, g) -> groupsNode.putObject(name).put("count", (long) g[0]).put("sum", g[1]));
        }
        result.put("durationMs", (System.nanoTime() - start) / 1e6).put("skipped", skipped);
        send(exchange, 200, "application/json", mapper.writeValueAsString(result));
    }

    // ------------------------------------------------------------------ helpers

    private Long longParameter(HttpExchange exchange, String stream, Map<String, String> query, String name,
                               long absent, long min, long max) throws IOException {
        String text = query.get(name);
        if (text == null) {
            return absent;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        sendProblem(exchange, 400, "Bad request", "parameter " + name + " must be " + min + ".." + max + ", was "
                + text, Map.of("stream", stream));
        return null;
    }

    private void sendStreamNotFound(HttpExchange exchange, String stream) throws IOException {
        sendProblem(exchange, 404, "Stream not found", "no stream named " + stream, Map.of("stream", stream));
    }

    private void sendProblem(HttpExchange exchange, int status, String title, String detail, Map<String, Object> extensions)
            throws IOException {
        send(exchange, status, "application/problem+json", problemJson(status, title, detail, extensions));
    }

    private String problemJson(int status, String title, String detail, Map<String, Object> extensions) {
        ObjectNode problem = mapper.createObjectNode().put("type", "about:blank").put("title", title)
                .put("status", status).put("detail", detail);
        if (extensions != null) {
            extensions.forEach((name, value) -> problem.set(name, mapper.valueToTree(value)));
        }
        return mapper.writeValueAsString(problem);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static String invalidStreamName(String stream) {
        return StreamNames.problem(stream);
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            query.put(percentDecode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : percentDecode(pair.substring(eq + 1)));
        }
        return query;
    }

    private static String decodePath(String rawPath) {
        return percentDecode(rawPath);
    }

    /** RFC 3986 decoding: {@code %XX} to bytes, UTF-8; '+' stays '+'. */
    static String percentDecode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
