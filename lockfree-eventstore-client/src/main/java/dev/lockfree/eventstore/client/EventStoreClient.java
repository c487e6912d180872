package dev.lockfree.eventstore.client;

import dev.lockfree.eventstore.protocol.ExpectedVersion;
import dev.lockfree.eventstore.protocol.IdempotencyKeys;
import dev.lockfree.eventstore.protocol.PageLimits;
import dev.lockfree.eventstore.protocol.StreamHeaders;
import dev.lockfree.eventstore.protocol.StreamNames;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Client of the stream HTTP API of an event store server: append events to named streams (optionally
 * conditional on the stream's version and/or idempotent), read them back page by page, and aggregate a
 * numeric field on the server. Built on {@code java.net.http.HttpClient} and Jackson 3; thread-safe, meant
 * to be created once and shared.
 *
 * <pre>{@code
 * try (EventStoreClient client = EventStoreClient.builder(URI.create("http://localhost:8080"))
 *         .requestTimeout(Duration.ofSeconds(5))
 *         .retryPolicy(RetryPolicy.exponential(3, Duration.ofMillis(100), Duration.ofSeconds(2)))
 *         .build()) {
 *     AppendResult first = client.append("gateway/orders", new Order("c-1", 19.9), ExpectedVersion.NO_STREAM);
 *     try (Stream<RecordedEvent<Order>> events = client.read("gateway/orders", 0, Order.class)) {
 *         events.forEach(e -> System.out.println(e.version() + " " + e.data()));
 *     }
 *     AggregateResult stats = client.aggregate("gateway/orders", "amount", "customer");
 * }
 * }</pre>
 *
 * <p>Stream names are checked before any request (1 to 200 characters of {@code [A-Za-z0-9._/-]}, no
 * {@code ".."}, no leading, trailing or double {@code '/'}, no {@code "."} segment: see {@link StreamNames});
 * a valid name is sent as it is, as the path below {@code /streams/} ({@code '/'} separates its segments, and
 * no character a name may hold needs percent-encoding). Query values ({@code field}, {@code groupBy}) are
 * percent-encoded. Failures are unchecked {@link EventStoreClientException}s, typed by cause.
 *
 * <p>Retries (see {@link RetryPolicy}) apply only to calls that are safe to repeat: reads, aggregates and
 * appends that carry an idempotency key. A plain {@link #append(String, Object)} is sent exactly once;
 * {@link #appendWithRetry(String, Object)} makes an append retryable by giving it a fresh key.
 *
 * <p>Closing the client shuts down what it created (its {@code HttpClient}'s executor, and on Java 21+
 * the {@code HttpClient} itself); an {@code HttpClient} passed to the builder is left open. Calls after
 * {@link #close()} throw {@link IllegalStateException}.
 */
public final class EventStoreClient implements AutoCloseable {

    /** Largest page a read may ask for. */
    public static final int MAX_PAGE_SIZE = PageLimits.MAX_PAGE_SIZE;

    /** Longest stream name. */
    public static final int MAX_STREAM_NAME_LENGTH = StreamNames.MAX_LENGTH;

    /** Longest idempotency key. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = IdempotencyKeys.MAX_LENGTH;

    /** The header carrying the {@link ExpectedVersion}. */
    public static final String EXPECTED_VERSION_HEADER = StreamHeaders.EXPECTED_VERSION;

    /** The header carrying the idempotency key. */
    public static final String IDEMPOTENCY_KEY_HEADER = StreamHeaders.IDEMPOTENCY_KEY;

    private static final String JSON = "application/json";
    private static final String ACCEPT = "application/json, application/problem+json";

    private final URI baseUrl;
    private final String streamsUrl;
    private final HttpClient httpClient;
    private final ExecutorService ownedExecutor;
    private final JsonMapper mapper;
    private final Duration requestTimeout;
    private final int readPageSize;
    private final List<String[]> defaultHeaders;
    private final RequestExecutor executor;
    private final ResponseParser parser;
    private final FailureMapper failures;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EventStoreClient(Builder builder) {
        this.baseUrl = builder.baseUrl;
        String base = builder.baseUrl.toString();
        this.streamsUrl = (base.endsWith("/") ? base : base + "/") + "streams/";
        this.mapper = builder.jsonMapper != null ? builder.jsonMapper : JsonMapper.builder().build();
        if (builder.httpClient != null) {
            this.httpClient = builder.httpClient;
            this.ownedExecutor = null;
        } else {
            this.ownedExecutor = Executors.newCachedThreadPool(new ClientThreads());
            this.httpClient = HttpClient.newBuilder()
                    .connectTimeout(builder.connectTimeout != null ? builder.connectTimeout : Builder.DEFAULT_CONNECT_TIMEOUT)
                    .executor(ownedExecutor)
                    // plain HTTP/1.1: no h2c upgrade attempt on every new connection
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        this.requestTimeout = builder.requestTimeout;
        this.readPageSize = builder.readPageSize;
        this.defaultHeaders = List.copyOf(builder.defaultHeaders);
        this.executor = new RequestExecutor(httpClient, builder.retryPolicy, builder.sleeper);
        this.parser = new ResponseParser(mapper);
        this.failures = new FailureMapper(parser);
    }

    /**
     * A builder for a client of the server at {@code baseUrl}.
     *
     * @param baseUrl the server's root, for example {@code http://127.0.0.1:8080} (a path prefix such as
     *                {@code http://host/app/} is kept: streams are then under {@code /app/streams/})
     * @return the builder
     * @throws IllegalArgumentException if the URL is not an absolute http(s) URL without query, fragment
     *                                  or user info
     */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /**
     * A client with the default settings: 5 s connect timeout, 30 s request timeout,
     * {@link RetryPolicy#defaults()}, pages of {@value #MAX_PAGE_SIZE} events.
     *
     * @param baseUrl the server's root
     * @return the client
     * @throws IllegalArgumentException as {@link #builder(URI)}
     */
    public static EventStoreClient create(URI baseUrl) {
        return builder(baseUrl).build();
    }

    /**
     * The server's root this client talks to.
     *
     * @return the base URL
     */
    public URI baseUrl() {
        return baseUrl;
    }

    // ---------------------------------------------------------------- append

    /**
     * Appends an event, without condition. Sent exactly once, never retried: if no response comes, the
     * event may or may not be stored (use {@link #appendWithRetry(String, Object)} or an idempotency key to
     * make the append safe to repeat).
     *
     * @param stream the stream, created by its first append
     * @param event  the event: anything the {@code JsonMapper} writes as a JSON object (a record, a bean, a
     *               {@code Map}, an {@code ObjectNode}); a {@code String} is written as a JSON string and
     *               refused
     * @return the event's version
     * @throws IllegalArgumentException       for a bad stream name or an event that is not a JSON object,
     *                                        before any request
     * @throws BadRequestException            400, 413 (event larger than the server's limit, 64 KiB) or 415
     * @throws EventStoreServerException      5xx, for example 503 when the server's store is full
     * @throws EventStoreIoException          no response (its subtype {@link EventStoreTimeoutException} on timeout)
     * @throws EventStoreClientException      any other failure
     */
    public AppendResult append(String stream, Object event) {
        return doAppend(stream, event, null, null);
    }

    /**
     * Appends an event if the stream's version matches. Sent exactly once, never retried.
     *
     * @param stream   the stream
     * @param event    the event, as for {@link #append(String, Object)}
     * @param expected the condition on the stream's last version
     * @return the event's version
     * @throws WrongExpectedVersionException if the stream's version does not match (nothing stored)
     * @throws EventStoreClientException     and the other failures of {@link #append(String, Object)}
     */
    public AppendResult append(String stream, Object event, ExpectedVersion expected) {
        return doAppend(stream, event, Objects.requireNonNull(expected, "expected"), null);
    }

    /**
     * Appends an event once per idempotency key: the server stores it the first time it sees the key for
     * this stream and answers {@link AppendResult#duplicate() duplicate} with the original version after.
     * Safe to repeat, so it is retried under the {@link RetryPolicy}.
     *
     * @param stream         the stream
     * @param event          the event, as for {@link #append(String, Object)}
     * @param idempotencyKey 1 to {@value #MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters, without
     *                       leading or trailing space
     * @return the event's version, and whether the key had been seen before
     * @throws IllegalArgumentException  for a bad key, before any request
     * @throws EventStoreClientException and the other failures of {@link #append(String, Object)}, after retries
     */
    public AppendResult append(String stream, Object event, String idempotencyKey) {
        return doAppend(stream, event, null, IdempotencyKeys.validate(idempotencyKey));
    }

    /**
     * Appends an event once per idempotency key, if the stream's version matches. Retried under the
     * {@link RetryPolicy}. The contract lets the server answer a repeated key with the original version
     * (200) before it checks the version, so a retry of an append that was stored reports
     * {@link AppendResult#duplicate()} rather than a {@link WrongExpectedVersionException}.
     *
     * @param stream         the stream
     * @param event          the event, as for {@link #append(String, Object)}
     * @param expected       the condition on the stream's last version
     * @param idempotencyKey the key, as for {@link #append(String, Object, String)}
     * @return the event's version, and whether the key had been seen before
     * @throws WrongExpectedVersionException if the stream's version does not match (nothing stored)
     * @throws EventStoreClientException     and the other failures of {@link #append(String, Object)}
     */
    public AppendResult append(String stream, Object event, ExpectedVersion expected, String idempotencyKey) {
        return doAppend(stream, event, Objects.requireNonNull(expected, "expected"),
                IdempotencyKeys.validate(idempotencyKey));
    }

    /**
     * Appends an event under a fresh random idempotency key (a UUID), so that the append is retried under
     * the {@link RetryPolicy} like a read. The event is stored at most once: if an attempt was stored but
     * its response lost, the retry finds the key and the result says {@link AppendResult#duplicate()
     * duplicate} with the version that attempt got. Retrying this method itself (rather than the client's
     * own retries) would use a new key and may store the event twice.
     *
     * @param stream the stream
     * @param event  the event, as for {@link #append(String, Object)}
     * @return the event's version
     * @throws EventStoreClientException the failures of {@link #append(String, Object)}, after retries
     */
    public AppendResult appendWithRetry(String stream, Object event) {
        return doAppend(stream, event, null, UUID.randomUUID().toString());
    }

    private AppendResult doAppend(String stream, Object event, ExpectedVersion expected, String idempotencyKey) {
        ensureOpen();
        StreamNames.validate(stream);
        Objects.requireNonNull(event, "event");
        byte[] body = eventJson(stream, event);
        String call = "Append to stream '" + stream + "'";
        HttpRequest.Builder request = request(streamUri(stream, null))
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (expected != null) {
            request.header(EXPECTED_VERSION_HEADER, expected.headerValue());
        }
        if (idempotencyKey != null) {
            request.header(IDEMPOTENCY_KEY_HEADER, idempotencyKey);
        }
        RequestExecutor.Exchange exchange = executor.execute(request.build(), idempotencyKey != null, call, stream);
        int status = exchange.response().statusCode();
        if (status == 200 || status == 201) {
            return parser.appendResult(exchange, call, stream);
        }
        throw failures.toException(exchange, call, stream, false, expected == null ? null : expected.headerValue());
    }

    private byte[] eventJson(String stream, Object event) {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(event);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Cannot write the event for stream '" + stream + "' ("
                    + event.getClass().getName() + ") as JSON: " + e.getOriginalMessage(), e);
        }
        int first = 0;
        while (first < json.length && Character.isWhitespace(json[first])) {
            first++;
        }
        if (first == json.length || json[first] != '{') {
            throw new IllegalArgumentException("The event for stream '" + stream + "' must be written as a JSON"
                    + " object, but " + event.getClass().getName() + " is written as a JSON "
                    + jsonKind(first < json.length ? json[first] : 0));
        }
        return json;
    }

    private static String jsonKind(byte first) {
        switch (first) {
            case '[':
                return "array";
            case '"':
                return "string";
            case 'n':
                return "null";
            case 't':
            case 'f':
                return "boolean";
            default:
                return "number";
        }
    }

    // ---------------------------------------------------------------- read

    /**
     * The events of a stream from a version on, as a lazy stream: a page is fetched only when the consumer
     * has used up the previous one, and the stream ends after the page that reaches the stream's last
     * version at the time it was read. Failures (such as {@link StreamNotFoundException}) surface from the
     * stream's terminal operation. Close the stream (try-with-resources) when done; pulling after
     * {@code close()} throws {@link IllegalStateException}. Each page is retried under the
     * {@link RetryPolicy}.
     *
     * <p>Events older than the server retains are gone: the first event may have a version above
     * {@code fromVersion}.
     *
     * @param stream      the stream
     * @param fromVersion the first version wanted, {@code >= 0}
     * @return the events in version order, their data as {@code JsonNode} objects
     * @throws IllegalArgumentException for a bad stream name or a negative version, at once
     */
    public Stream<RecordedEvent<JsonNode>> read(String stream, long fromVersion) {
        return read(stream, fromVersion, JsonNode.class);
    }

    /**
     * As {@link #read(String, long)}, with each event's data mapped to {@code type} by the
     * {@code JsonMapper}; an event that does not map fails the stream with
     * {@link EventDataMappingException}.
     *
     * @param stream      the stream
     * @param fromVersion the first version wanted, {@code >= 0}
     * @param type        the type of the events' data
     * @param <T>         the type of the events' data
     * @return the events in version order
     * @throws IllegalArgumentException for a bad stream name or a negative version, at once
     */
    public <T> Stream<RecordedEvent<T>> read(String stream, long fromVersion, Class<T> type) {
        ensureOpen();
        StreamNames.validate(stream);
        requireFromVersion(fromVersion);
        Objects.requireNonNull(type, "type");
        PagingSpliterator<T> pages = new PagingSpliterator<>(stream, fromVersion,
                from -> fetchPage(stream, from, readPageSize, type));
        return StreamSupport.stream(pages, false).onClose(pages::close);
    }

    /**
     * One page of a stream: one request (retried under the {@link RetryPolicy}).
     *
     * @param stream      the stream
     * @param fromVersion the first version wanted, {@code >= 0}
     * @param limit       the most events wanted, {@code 1..}{@value #MAX_PAGE_SIZE}
     * @return the page; read on from {@link ReadPage#nextVersion()} unless {@link ReadPage#isLast()}
     * @throws IllegalArgumentException  for a bad stream name, version or limit, before any request
     * @throws StreamNotFoundException   if the stream does not exist
     * @throws EventStoreClientException the other failures
     */
    public ReadPage<JsonNode> readPage(String stream, long fromVersion, int limit) {
        return readPage(stream, fromVersion, limit, JsonNode.class);
    }

    /**
     * As {@link #readPage(String, long, int)}, with each event's data mapped to {@code type}.
     *
     * @param stream      the stream
     * @param fromVersion the first version wanted, {@code >= 0}
     * @param limit       the most events wanted, {@code 1..}{@value #MAX_PAGE_SIZE}
     * @param type        the type of the events' data
     * @param <T>         the type of the events' data
     * @return the page
     * @throws EventDataMappingException if an event does not map to {@code type}
     * @throws EventStoreClientException the failures of {@link #readPage(String, long, int)}
     */
    public <T> ReadPage<T> readPage(String stream, long fromVersion, int limit, Class<T> type) {
        ensureOpen();
        StreamNames.validate(stream);
        requireFromVersion(fromVersion);
        requirePageSize("limit", limit);
        return fetchPage(stream, fromVersion, limit, Objects.requireNonNull(type, "type"));
    }

    private <T> ReadPage<T> fetchPage(String stream, long from, int limit, Class<T> type) {
        ensureOpen();
        String call = "Read of stream '" + stream + "' from version " + from;
        HttpRequest request = request(streamUri(stream, "from=" + from + "&limit=" + limit)).GET().build();
        RequestExecutor.Exchange exchange = executeRead(request, call, stream);
        ReadPage<JsonNode> page = parser.readPage(exchange, call, stream, from);
        if (type == JsonNode.class) {
            // the parsed page already holds JsonNode data: building it a second time would only copy it
            @SuppressWarnings("unchecked")
            ReadPage<T> asParsed = (ReadPage<T>) (ReadPage<?>) page;
            return asParsed;
        }
        List<RecordedEvent<T>> events = new ArrayList<>(page.events().size());
        for (RecordedEvent<JsonNode> event : page.events()) {
            events.add(new RecordedEvent<>(stream, event.version(), event.timestamp(),
                    mapData(event, type, exchange.attempts())));
        }
        return new ReadPage<>(stream, events, page.nextVersion(), page.lastVersion());
    }

    private <T> T mapData(RecordedEvent<JsonNode> event, Class<T> type, int attempts) {
        JsonNode data = event.data();
        if (JsonNode.class.isAssignableFrom(type) && type.isInstance(data)) {
            return type.cast(data);
        }
        try {
            return mapper.treeToValue(data, type);
        } catch (JacksonException e) {
            throw new EventDataMappingException("Event " + event.version() + " of stream '" + event.stream()
                    + "' does not map to " + type.getName() + ": " + e.getOriginalMessage(),
                    event.stream(), event.version(), type, attempts, e);
        }
    }

    // ---------------------------------------------------------------- aggregate

    /**
     * Aggregates a numeric field over the retained events of a stream, on the server. Retried under the
     * {@link RetryPolicy}.
     *
     * @param stream the stream
     * @param field  a top-level property of the events
     * @return count, sum, min, max, average, and how many events were skipped (field missing or not a number)
     * @throws IllegalArgumentException  for a bad stream name or an empty field, before any request
     * @throws StreamNotFoundException   if the stream does not exist
     * @throws EventStoreClientException the other failures
     */
    public AggregateResult aggregate(String stream, String field) {
        return aggregate(stream, field, null);
    }

    /**
     * As {@link #aggregate(String, String)}, also grouped by the text of another top-level property
     * (events without it fall under {@link AggregateResult#NO_GROUP}).
     *
     * @param stream  the stream
     * @param field   a top-level property of the events
     * @param groupBy the property to group by, {@code null} for no groups
     * @return the aggregate, with its groups
     * @throws IllegalArgumentException  for a bad stream name, an empty field or an empty groupBy
     * @throws StreamNotFoundException   if the stream does not exist
     * @throws EventStoreClientException the other failures
     */
    public AggregateResult aggregate(String stream, String field, String groupBy) {
        ensureOpen();
        StreamNames.validate(stream);
        if (field == null || field.isEmpty()) {
            throw new IllegalArgumentException("The field to aggregate over stream '" + stream + "' must not be empty");
        }
        if (groupBy != null && groupBy.isEmpty()) {
            throw new IllegalArgumentException("groupBy for stream '" + stream + "' must be null or a property name");
        }
        String query = "aggregate=true&field=" + PercentEncoding.encode(field)
                + (groupBy == null ? "" : "&groupBy=" + PercentEncoding.encode(groupBy));
        String call = "Aggregate of '" + field + "' over stream '" + stream + "'";
        HttpRequest request = request(streamUri(stream, query)).GET().build();
        RequestExecutor.Exchange exchange = executeRead(request, call, stream);
        return parser.aggregate(exchange, call, stream, field);
    }

    /** Sends an idempotent read (retried under the {@link RetryPolicy}) and throws unless it answered 200. */
    private RequestExecutor.Exchange executeRead(HttpRequest request, String call, String stream) {
        RequestExecutor.Exchange exchange = executor.execute(request, true, call, stream);
        if (exchange.response().statusCode() != 200) {
            throw failures.toException(exchange, call, stream, true, null);
        }
        return exchange;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Closes the client: later calls throw {@link IllegalStateException}. Shuts down the executor of the
     * {@code HttpClient} the client created (and, on Java 21+, closes that {@code HttpClient}, which waits for
     * requests in flight); an {@code HttpClient} passed to the builder is left open. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || ownedExecutor == null) {
            return;
        }
        // HttpClient implements AutoCloseable from Java 21 on; on Java 17 shutting down its executor is
        // all there is (its selector thread ends when the client is collected)
        if (httpClient instanceof AutoCloseable) {
            try {
                ((AutoCloseable) httpClient).close();
            } catch (Exception e) {
                // nothing useful to do with a failure to close: the executor is shut down anyway
            }
        }
        ownedExecutor.shutdown();
    }

    @Override
    public String toString() {
        return "EventStoreClient[" + baseUrl + (closed.get() ? ", closed]" : "]");
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("EventStoreClient for " + baseUrl + " is closed");
        }
    }

    private URI streamUri(String stream, String query) {
        // A valid name is its own path (StreamNames): every character it may hold is unreserved or the '/'
        // separator, so nothing is percent-encoded.
        return URI.create(streamsUrl + stream + (query == null ? "" : "?" + query));
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", ACCEPT);
        for (String[] header : defaultHeaders) {
            request.header(header[0], header[1]);
        }
        return request;
    }

    private static void requireFromVersion(long fromVersion) {
        if (fromVersion < 0) {
            throw new IllegalArgumentException("fromVersion must be >= 0, was " + fromVersion);
        }
    }

    private static void requirePageSize(String name, int size) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(name + " must be 1.." + MAX_PAGE_SIZE + ", was " + size);
        }
    }

    /** Names the threads of the executor the client gives its own {@code HttpClient}; daemons. */
    private static final class ClientThreads implements ThreadFactory {
        private static final AtomicInteger CLIENTS = new AtomicInteger();
        private final int client = CLIENTS.incrementAndGet();
        private final AtomicInteger threads = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "lockfree-eventstore-client-" + client + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }

    /**
     * Settings of an {@link EventStoreClient}. Not thread-safe; {@link #build()} may be called more than
     * once.
     */
    public static final class Builder {

        static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
        static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
        private static final Set<String> OWN_HEADERS = Set.of("content-type", "accept",
                EXPECTED_VERSION_HEADER.toLowerCase(Locale.ROOT), IDEMPOTENCY_KEY_HEADER.toLowerCase(Locale.ROOT));

        private final URI baseUrl;
        private Duration connectTimeout;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private int readPageSize = PageLimits.DEFAULT_PAGE_SIZE;
        private HttpClient httpClient;
        private JsonMapper jsonMapper;
        private final List<String[]> defaultHeaders = new ArrayList<>();
        private Sleeper sleeper = Sleeper.THREAD_SLEEP;

        private Builder(URI baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            String scheme = baseUrl.getScheme();
            if (!baseUrl.isAbsolute() || scheme == null
                    || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                throw new IllegalArgumentException("Base URL must be an absolute http or https URL, was " + baseUrl);
            }
            if (baseUrl.getHost() == null) {
                throw new IllegalArgumentException("Base URL has no host: " + baseUrl);
            }
            if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null || baseUrl.getRawUserInfo() != null) {
                throw new IllegalArgumentException(
                        "Base URL must have no query, fragment or user info (use defaultHeader for credentials): "
                                + baseUrl);
            }
            this.baseUrl = baseUrl;
        }

        /**
         * How long to wait for a connection, for the {@code HttpClient} the client creates (default 5 s).
         * Cannot be combined with {@link #httpClient(HttpClient)}: set it on that client instead.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /**
         * How long each attempt waits for the server to start answering (the {@code java.net.http} request
         * timeout; default 30 s). A call that is retried may take up to {@code maxRetries + 1} times this,
         * plus the backoff.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /**
         * How idempotent calls are retried (default {@link RetryPolicy#defaults()}; {@link RetryPolicy#none()}
         * turns retries off).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        /**
         * How many events each request of {@link EventStoreClient#read(String, long)} asks for (default and
         * maximum {@value EventStoreClient#MAX_PAGE_SIZE}).
         *
         * @param size {@code 1..}{@value EventStoreClient#MAX_PAGE_SIZE}
         * @return this builder
         */
        public Builder readPageSize(int size) {
            requirePageSize("readPageSize", size);
            this.readPageSize = size;
            return this;
        }

        /**
         * The {@code HttpClient} to send requests with, instead of one the client creates. It is not closed
         * by {@link EventStoreClient#close()}; its own redirect policy, proxy, SSL and connect timeout apply.
         *
         * @param client the HTTP client
         * @return this builder
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "httpClient");
            return this;
        }

        /**
         * The Jackson 3 mapper that writes events and maps read events to the types asked for (default
         * {@code JsonMapper.builder().build()}). Responses are read as trees, whatever its settings.
         *
         * @param mapper the mapper
         * @return this builder
         */
        public Builder jsonMapper(JsonMapper mapper) {
            this.jsonMapper = Objects.requireNonNull(mapper, "jsonMapper");
            return this;
        }

        /**
         * A header sent with every request, for example {@code Authorization}. May be called again to send
         * several headers or several values. The headers the client sets itself ({@code Content-Type},
         * {@code Accept}, {@value EventStoreClient#EXPECTED_VERSION_HEADER},
         * {@value EventStoreClient#IDEMPOTENCY_KEY_HEADER}) and those {@code HttpClient} restricts
         * ({@code Host}, {@code Connection}, {@code Content-Length}...) are refused.
         *
         * @param name  the header name
         * @param value the header value
         * @return this builder
         * @throws IllegalArgumentException for a refused or malformed header
         */
        public Builder defaultHeader(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("Header " + name + " is set by the client per request;"
                        + " it cannot be a default header");
            }
            // HttpRequest.Builder checks the name, the value and the JDK's restricted headers
            HttpRequest.newBuilder().header(name, value);
            defaultHeaders.add(new String[] {name, value});
            return this;
        }

        /** Replaces the waiting between retries, for tests that record the waits. */
        Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Creates the client.
         *
         * @return a new client
         * @throws IllegalStateException if both {@link #connectTimeout(Duration)} and
         *                               {@link #httpClient(HttpClient)} were set
         */
        public EventStoreClient build() {
            if (httpClient != null && connectTimeout != null) {
                throw new IllegalStateException("connectTimeout applies only to the HttpClient the EventStoreClient"
                        + " creates; set it on the HttpClient passed to httpClient(...) instead");
            }
            return new EventStoreClient(this);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
