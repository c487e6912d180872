package dev.lockfree.eventstore.boot.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.lockfree.eventstore.EventStoreOptions;
import dev.lockfree.eventstore.OverflowPolicy;
import dev.lockfree.eventstore.boot.autoconfigure.client.EventStoreClientProperties;
import dev.lockfree.eventstore.boot.kafka.KafkaFeedMode;
import dev.lockfree.eventstore.boot.kafka.KafkaReplay;
import dev.lockfree.eventstore.snapshot.SchemaMismatch;
import dev.lockfree.eventstore.snapshot.SnapshotNames;
import dev.lockfree.eventstore.snapshot.SnapshotOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the event stores ({@code eventstore.*}). Validated when bound: a bad value fails
 * start-up with a message that names the key, e.g.
 * {@code eventstore.stores.orders.partitions must be >= 1 but was 0}. Strict: a key under {@code eventstore.}
 * that binds to nothing (a misspelt {@code eventstore.stores.orders.capacity-per-partiton}, say) fails start-up
 * too, naming the key.
 *
 * @param enabled  Whether to enable the event store auto-configuration
 * @param defaults Settings applied to every store, each overridable per store
 * @param stores   Named stores; the key is the store name (letters, digits, '.', '_' and '-', at most 64
 *                 characters, no leading dot)
 * @param snapshot Snapshot persistence of the stores
 * @param metrics  Micrometer meters of the stores
 * @param health   When a store's health indicator reports DOWN
 * @param client   The EventStoreClient bean of lockfree-eventstore-client (bound here too, so that the
 *                 strict binding of eventstore.* accepts its keys)
 * @param kafka    Settings shared by every store fed by a Kafka topic
 */
@ConfigurationProperties(prefix = "eventstore", ignoreUnknownFields = false)
public record EventStoreProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue Defaults defaults,
        Map<String, Store> stores,
        @DefaultValue Snapshot snapshot,
        @DefaultValue Metrics metrics,
        @DefaultValue Health health,
        @DefaultValue EventStoreClientProperties client,
        @DefaultValue Kafka kafka) {

    public EventStoreProperties {
        // keeps the order of the configuration (Map.copyOf would not)
        stores = stores == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(stores));
        validateDefaults(defaults);
        stores.forEach((name, store) -> validateStore(name, store, defaults.window()));
        validateSnapshot(snapshot);
        validateHealth(health);
        validateKafka(kafka);
    }

    /**
     * Settings shared by every store fed by a Kafka topic (the connection is Boot's spring.kafka.*).
     *
     * @param healthDownAfter How long a store's consumer may go without contact with the group coordinator (its
     *                        last heartbeat, which the consumer counts in whole seconds) before the store's Kafka
     *                        health is DOWN; keep it well above spring.kafka.consumer.heartbeat-interval (3s by
     *                        default)
     * @param advertisedUrl   Base URL under which other instances reach this one, carried in the Kafka client id;
     *                        when unset, http://<this host's address>:<port the web server listens on> (the
     *                        loopback address when the host name does not resolve; server.port, else 8080,
     *                        without a web server)
     * @param cluster         How EventStoreCluster asks the other instances of a group
     */
    public record Kafka(
            @DefaultValue("30s") Duration healthDownAfter,
            @Nullable URI advertisedUrl,
            @DefaultValue Cluster cluster) {
    }

    /**
     * How EventStoreCluster asks the owners of a store's partitions for their part of a window aggregate.
     *
     * @param timeout  Time one cluster query may take, owner discovery included; an owner that has not answered
     *                 by then has its partitions reported in missingPartitions
     * @param username HTTP Basic user sent with each request to an owner's eventstorewindow endpoint (when the
     *                 management endpoints are secured); set together with password
     * @param password HTTP Basic password sent with username; never logged
     * @param headers  Headers sent with each request to an owner, e.g. Authorization: Bearer ...; their values are
     *                 never logged. An Authorization header cannot be combined with username
     */
    public record Cluster(@DefaultValue("2s") Duration timeout, @Nullable String username,
                          @Nullable String password, Map<String, String> headers) {

        public Cluster {
            // keeps the order of the configuration
            headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        /** Secrets masked: the properties end up in logs and failure analyses. */
        @Override
        public String toString() {
            return "Cluster[timeout=" + timeout + ", username=" + username + ", password="
                    + (password == null ? "null" : "******") + ", headers=" + headers.keySet() + " (values masked)]";
        }
    }

    /**
     * Feeds a store from a Kafka topic: store partition i holds topic partition i. A store with a topic is
     * externally fed: a local tryAppend is refused, events go in through its EventStorePublisher bean.
     *
     * @param topic           Topic whose JSON records (the store's Jackson codec; the record key is the routing
     *                        key) feed the store
     * @param mode            Whether the instances of one group split the topic (shard) or each reads all of it
     *                        (replica)
     * @param groupId         Consumer group; spring.application.name + "-" + the store name when unset. In
     *                        replica mode each instance joins a group of its own named after it
     * @param replay          Where a partition without a local snapshot starts reading: now minus the window size
     *                        (window), the beginning (earliest) or the end (latest)
     * @param deadLetterTopic Topic that receives the records skipped as bad (undecodable, no value, no
     *                        timestamp), unchanged; none when unset
     * @param consume         Whether this instance consumes the topic; false for an instance that only publishes
     *                        (a gateway): it joins no group and holds nothing, its EventStorePublisher and
     *                        EventStoreCluster still work
     */
    public record StoreKafka(
            @Nullable String topic,
            @DefaultValue("shard") KafkaFeedMode mode,
            @Nullable String groupId,
            @DefaultValue("window") KafkaReplay replay,
            @Nullable String deadLetterTopic,
            @DefaultValue("true") boolean consume) {
    }


    /**
     * Micrometer meters of the stores (names eventstore.*, tag store).
     *
     * @param partitionTags Whether the event meters (eventstore.events.*) carry a partition tag, one time
     *                      series per partition instead of one per store; multiplies their cardinality by
     *                      the partition count (removed, restored and capacity stay per store)
     */
    public record Metrics(@DefaultValue("false") boolean partitionTags) {
    }

    /**
     * When the health indicator of a store reports DOWN. Only snapshot persistence can make a store DOWN;
     * a full store is reported as a detail.
     *
     * @param maxConsecutiveFailures Failed saves of one partition in a row (each after its retries) that
     *                               make the store DOWN
     * @param maxSnapshotAge         How long changes of a partition may wait unsnapshotted before the store
     *                               is DOWN; three times eventstore.snapshot.interval when unset, never
     *                               when that interval is 0
     */
    public record Health(
            @DefaultValue("3") int maxConsecutiveFailures,
            @Nullable Duration maxSnapshotAge) {

        /** How many snapshot intervals changes may wait when {@code max-snapshot-age} is unset. */
        public static final int DEFAULT_INTERVALS_BEFORE_STALE = 3;

        /**
         * The staleness bound to apply: {@code max-snapshot-age}, else three snapshot intervals, or
         * {@code null} (no bound) when it is unset and the time trigger is off.
         */
        public @Nullable Duration effectiveMaxSnapshotAge(Duration snapshotInterval) {
            if (maxSnapshotAge != null) {
                return maxSnapshotAge;
            }
            return snapshotInterval.isZero() ? null : snapshotInterval.multipliedBy(DEFAULT_INTERVALS_BEFORE_STALE);
        }
    }

    /**
     * Settings applied to every store (configured or declared in code) unless the store overrides them.
     *
     * @param capacityPerPartition Events kept per partition
     * @param partitions           Number of partitions; the number of available processors when unset
     * @param overflowPolicy       What a full partition does with a new event
     * @param window               Time window of the stores' buckets
     * @param windowTracking       Whether appends feed the time buckets (needs a timestamp and a value property)
     */
    public record Defaults(
            @DefaultValue("100000") int capacityPerPartition,
            @Nullable Integer partitions,
            @DefaultValue("evict-oldest") OverflowPolicy overflowPolicy,
            @DefaultValue Window window,
            @DefaultValue("true") boolean windowTracking) {

        /** The partition count to use: the configured one or the number of available processors. */
        public int effectivePartitions() {
            return partitions != null ? partitions : Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * Time window of the buckets the stores aggregate into.
     *
     * @param size        How far back the buckets reach; a whole multiple of the bucket width
     * @param bucketWidth Bucket granularity, a whole number of milliseconds
     */
    public record Window(
            @DefaultValue("5m") Duration size,
            @DefaultValue("1s") Duration bucketWidth) {
    }

    /**
     * Time window of one store; unset values come from {@code eventstore.defaults.window}.
     *
     * @param size        How far back the buckets reach; a whole multiple of the bucket width
     * @param bucketWidth Bucket granularity, a whole number of milliseconds
     */
    public record StoreWindow(@Nullable Duration size, @Nullable Duration bucketWidth) {
    }

    /**
     * One named store. Unset values come from eventstore.defaults.
     *
     * @param eventType            Class of the events; java.lang.Object when unset
     * @param capacityPerPartition Events kept per partition
     * @param partitions           Number of partitions
     * @param overflowPolicy       What a full partition does with a new event
     * @param timestampProperty    Event property holding the time: an Instant, a long of epoch milliseconds, an
     *                             OffsetDateTime or a ZonedDateTime (record accessor or getter); else, for a
     *                             Kafka-fed store, the record's timestamp (time windows work, reads by time and
     *                             purge need this property)
     * @param valueProperty        Numeric event property the time windows aggregate
     * @param keyProperty          Event property used as routing key: equal keys share a partition
     * @param window               Time window of the store's buckets
     * @param windowTracking       Whether appends feed the time buckets (needs a value property, and a timestamp
     *                             property unless the store is Kafka-fed)
     * @param snapshot             Snapshot settings of this store
     * @param kafka                The Kafka topic that feeds this store, if any
     */
    public record Store(
            @Nullable Class<?> eventType,
            @Nullable Integer capacityPerPartition,
            @Nullable Integer partitions,
            @Nullable OverflowPolicy overflowPolicy,
            @Nullable String timestampProperty,
            @Nullable String valueProperty,
            @Nullable String keyProperty,
            @Nullable StoreWindow window,
            @Nullable Boolean windowTracking,
            @Nullable StoreSnapshot snapshot,
            @Nullable StoreKafka kafka) {

        /** The Kafka settings when the store names a topic, else {@code null}: the store is then fed locally. */
        public @Nullable StoreKafka kafkaFeed() {
            return kafka != null && kafka.topic() != null ? kafka : null;
        }

        /** The configured event type, or {@code Object}. */
        public Class<?> effectiveEventType() {
            return eventType != null ? eventType : Object.class;
        }

        /** The per-store snapshot switch, or {@code null} to follow {@code eventstore.snapshot.enabled}. */
        public @Nullable Boolean snapshotEnabled() {
            return snapshot != null ? snapshot.enabled() : null;
        }
    }

    /**
     * Snapshot settings of one store.
     *
     * @param enabled Whether to snapshot this store; only has an effect when eventstore.snapshot.enabled is
     *                true (defaults to true then)
     */
    public record StoreSnapshot(@Nullable Boolean enabled) {
    }

    /**
     * Snapshot persistence: restore at start-up, periodic snapshots, a final snapshot on shutdown.
     *
     * @param enabled          Whether to restore the stores at start-up and snapshot them to disk
     * @param directory        Root directory of the snapshots; one sub-directory per store
     * @param interval         Time trigger per partition: a changed partition is written when this much time
     *                         passed since its last snapshot; 0 switches the time trigger off
     * @param minEventsBetween Event-count trigger per partition: a partition is written after this many
     *                         appends; 0 switches the count trigger off
     * @param keep             Newest valid snapshots kept per partition
     * @param shutdownTimeout  Upper bound on the final snapshot at shutdown; keep it below
     *                         spring.lifecycle.timeout-per-shutdown-phase
     * @param compress         Whether to GZIP snapshot payloads
     * @param maxConcurrentJobs        Partitions of one store written at the same time
     * @param maxPendingJobs           Partitions of one store queued beyond those; more are dropped (counted)
     *                                 and tried again at the next tick
     * @param maxSaveAttempts          Attempts to write one partition before the save counts as failed
     * @param backoff                  Wait between two attempts to write a partition
     * @param stableCaptureMaxAttempts Captures of a partition tried while a clear or purge keeps racing them
     * @param schemaVersion            Schema version of the events, written into every snapshot
     * @param expectedSchemaVersion    When set, only snapshots of this schema version are restored; what happens to
     *                                 the others is on-schema-mismatch
     * @param onSchemaMismatch         With expected-schema-version set: {@code fail} (a snapshot of another schema
     *                                 version fails start-up, naming both versions) or {@code skip} (such snapshots
     *                                 are passed over and counted, and the newest snapshot of the expected version
     *                                 is restored instead)
     */
    public record Snapshot(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("./data/eventstore") Path directory,
            @DefaultValue("10s") Duration interval,
            @DefaultValue("100000") long minEventsBetween,
            @DefaultValue("3") int keep,
            @DefaultValue("5s") Duration shutdownTimeout,
            @DefaultValue("false") boolean compress,
            @DefaultValue("2") int maxConcurrentJobs,
            @DefaultValue("128") int maxPendingJobs,
            @DefaultValue("5") int maxSaveAttempts,
            @DefaultValue Backoff backoff,
            @DefaultValue("8") int stableCaptureMaxAttempts,
            @DefaultValue("1") int schemaVersion,
            @Nullable Integer expectedSchemaVersion,
            @DefaultValue("fail") SchemaMismatch onSchemaMismatch) {

        @ConstructorBinding
        public Snapshot {
        }

        /** The trigger, retention and shutdown settings; the snapshotter's tuning at its defaults. */
        public Snapshot(boolean enabled, Path directory, Duration interval, long minEventsBetween, int keep,
                        Duration shutdownTimeout, boolean compress) {
            this(enabled, directory, interval, minEventsBetween, keep, shutdownTimeout, compress, 2, 128, 5,
                    new Backoff(Duration.ofMillis(100), 2.0, 0.1), 8, 1, null, SchemaMismatch.FAIL);
        }

        /** The core's options for these settings; every store's snapshotter runs with them. */
        public SnapshotOptions snapshotOptions() {
            SnapshotOptions.Builder builder = SnapshotOptions.builder()
                    .interval(interval)
                    .minEventsBetweenSnapshots(minEventsBetween)
                    .snapshotsToKeep(keep)
                    .maxConcurrentSnapshotJobs(maxConcurrentJobs)
                    .maxPendingSnapshotJobs(maxPendingJobs)
                    .maxSaveAttempts(maxSaveAttempts)
                    .backoff(backoff.baseDelay(), backoff.factor(), backoff.jitter())
                    .stableCaptureMaxAttempts(stableCaptureMaxAttempts)
                    .finalSnapshot(true, shutdownTimeout)
                    .schemaVersion(schemaVersion)
                    .compress(compress);
            if (expectedSchemaVersion != null) {
                builder.expectedSchemaVersion(expectedSchemaVersion, onSchemaMismatch);
            }
            return builder.build();
        }
    }

    /**
     * Exponential backoff between the attempts to write one partition.
     *
     * @param baseDelay Wait before the second attempt
     * @param factor    Growth of the wait per further attempt (at least 1)
     * @param jitter    Random fraction, 0 to 1, added to or taken from each wait
     */
    public record Backoff(
            @DefaultValue("100ms") Duration baseDelay,
            @DefaultValue("2.0") double factor,
            @DefaultValue("0.1") double jitter) {
    }

    // ------------------------------------------------------------------------------------------------
    // Validation: every message names the full key

    private static void validateDefaults(Defaults d) {
        requireBetween("eventstore.defaults.capacity-per-partition", d.capacityPerPartition(), 1,
                EventStoreOptions.MAX_CAPACITY_PER_PARTITION);
        if (d.partitions() != null) {
            requireBetween("eventstore.defaults.partitions", d.partitions(), 1, EventStoreOptions.MAX_PARTITIONS);
        }
        validateWindow("eventstore.defaults.window", d.window().size(), d.window().bucketWidth());
    }

    private static void validateStore(String name, Store store, Window defaultWindow) {
        try {
            SnapshotNames.requireValidStoreName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("eventstore.stores key '" + printable(name)
                    + "' is not a valid store name: " + e.getMessage());
        }
        String key = "eventstore.stores." + name;
        if (store == null) {
            return;
        }
        if (store.capacityPerPartition() != null) {
            requireBetween(key + ".capacity-per-partition", store.capacityPerPartition(), 1,
                    EventStoreOptions.MAX_CAPACITY_PER_PARTITION);
        }
        if (store.partitions() != null) {
            requireBetween(key + ".partitions", store.partitions(), 1, EventStoreOptions.MAX_PARTITIONS);
        }
        requireNotBlank(key + ".timestamp-property", store.timestampProperty());
        requireNotBlank(key + ".value-property", store.valueProperty());
        requireNotBlank(key + ".key-property", store.keyProperty());
        validateStoreKafka(key, store);
        if (store.window() != null) {
            validateWindow(key + ".window", store.window().size(), store.window().bucketWidth());
            // one side inherited from eventstore.defaults.window: the pair must still fit
            Duration size = store.window().size() != null ? store.window().size() : defaultWindow.size();
            Duration width = store.window().bucketWidth() != null ? store.window().bucketWidth()
                    : defaultWindow.bucketWidth();
            if (size.toNanos() % width.toNanos() != 0) {
                throw new IllegalArgumentException(key + ".window.size (" + size + ") must be a whole multiple of "
                        + key + ".window.bucket-width (" + width + "); unset values come from "
                        + "eventstore.defaults.window");
            }
        }
    }

    private static void validateSnapshot(Snapshot s) {
        String key = "eventstore.snapshot";
        if (s.directory() == null) {
            throw new IllegalArgumentException(key + ".directory must be set");
        }
        if (s.interval() == null || s.interval().isNegative()) {
            throw new IllegalArgumentException(key + ".interval must not be negative but was " + s.interval());
        }
        if (s.minEventsBetween() < 0) {
            throw new IllegalArgumentException(key + ".min-events-between must be >= 0 but was "
                    + s.minEventsBetween());
        }
        if (s.interval().isZero() && s.minEventsBetween() == 0) {
            throw new IllegalArgumentException(key + ".interval and " + key
                    + ".min-events-between are both 0: no snapshot would ever be triggered");
        }
        if (s.keep() < 1) {
            throw new IllegalArgumentException(key + ".keep must be >= 1 but was " + s.keep());
        }
        if (s.shutdownTimeout() == null || s.shutdownTimeout().isNegative()) {
            throw new IllegalArgumentException(key + ".shutdown-timeout must not be negative but was "
                    + s.shutdownTimeout());
        }
        requireAtLeast(key + ".max-concurrent-jobs", s.maxConcurrentJobs(), 1);
        requireAtLeast(key + ".max-pending-jobs", s.maxPendingJobs(), 1);
        requireAtLeast(key + ".max-save-attempts", s.maxSaveAttempts(), 1);
        requireAtLeast(key + ".stable-capture-max-attempts", s.stableCaptureMaxAttempts(), 1);
        requireAtLeast(key + ".schema-version", s.schemaVersion(), 1);
        if (s.expectedSchemaVersion() != null) {
            requireAtLeast(key + ".expected-schema-version", s.expectedSchemaVersion(), 1);
        } else if (s.onSchemaMismatch() == SchemaMismatch.SKIP) {
            throw new IllegalArgumentException(key + ".on-schema-mismatch=skip needs " + key
                    + ".expected-schema-version: without it every schema version is restored, so nothing is skipped");
        }
        Backoff b = s.backoff();
        if (b.baseDelay() == null || b.baseDelay().isNegative() || b.baseDelay().isZero()) {
            throw new IllegalArgumentException(key + ".backoff.base-delay must be positive but was " + b.baseDelay());
        }
        if (!(b.factor() >= 1.0) || Double.isInfinite(b.factor())) {
            throw new IllegalArgumentException(key + ".backoff.factor must be a finite number >= 1 but was "
                    + b.factor());
        }
        if (!(b.jitter() >= 0.0 && b.jitter() <= 1.0)) {
            throw new IllegalArgumentException(key + ".backoff.jitter must be between 0 and 1 but was " + b.jitter());
        }
    }

    private static void validateStoreKafka(String key, Store store) {
        StoreKafka k = store.kafka();
        if (k == null) {
            return;
        }
        if (k.topic() == null) {
            if (k.groupId() != null || k.deadLetterTopic() != null) {
                throw new IllegalArgumentException(key + ".kafka.topic must be set: " + key + ".kafka."
                        + (k.groupId() != null ? "group-id" : "dead-letter-topic") + " has no effect without it");
            }
            return;
        }
        requireTopicName(key + ".kafka.topic", k.topic());
        requireNotBlank(key + ".kafka.group-id", k.groupId());
        if (k.deadLetterTopic() != null) {
            requireTopicName(key + ".kafka.dead-letter-topic", k.deadLetterTopic());
            if (k.deadLetterTopic().equals(k.topic())) {
                throw new IllegalArgumentException(key + ".kafka.dead-letter-topic must differ from " + key
                        + ".kafka.topic ('" + k.topic() + "'): a skipped record would be read again");
            }
        }
    }

    /** Kafka's own rule: 1 to 249 of letters, digits, '.', '_' and '-', and not "." or "..". */
    private static void requireTopicName(String key, String topic) {
        if (topic.isEmpty() || topic.length() > 249 || topic.equals(".") || topic.equals("..")
                || !topic.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_'
                        || c == '-'))) {
            throw new IllegalArgumentException(key + " '" + printable(topic) + "' is not a valid Kafka topic name: "
                    + "1 to 249 of letters, digits, '.', '_' and '-', and not '.' or '..'");
        }
    }

    private static void validateKafka(Kafka k) {
        if (k.healthDownAfter() == null || k.healthDownAfter().isNegative() || k.healthDownAfter().isZero()) {
            throw new IllegalArgumentException("eventstore.kafka.health-down-after must be positive but was "
                    + k.healthDownAfter());
        }
        URI url = k.advertisedUrl();
        if (url != null && (!url.isAbsolute() || url.getHost() == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
                || url.getRawQuery() != null || url.getRawFragment() != null)) {
            throw new IllegalArgumentException("eventstore.kafka.advertised-url '" + url + "' must be an absolute "
                    + "http or https URL with a host and no query or fragment, e.g. http://10.0.0.7:8080");
        }
        Duration timeout = k.cluster().timeout();
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("eventstore.kafka.cluster.timeout must be positive but was " + timeout);
        }
        validateClusterCredentials(k.cluster());
    }

    private static void validateClusterCredentials(Cluster c) {
        String prefix = "eventstore.kafka.cluster.";
        if ((c.username() == null) != (c.password() == null)) {
            throw new IllegalArgumentException(prefix + "username and " + prefix + "password must be set together ("
                    + (c.username() == null ? "password" : "username") + " is set alone)");
        }
        if (c.username() != null) {
            requireNotBlank(prefix + "username", c.username());
            if (c.username().indexOf(':') >= 0) {
                throw new IllegalArgumentException(prefix + "username must not contain ':' (HTTP Basic separates "
                        + "user and password by it)");
            }
        }
        for (Map.Entry<String, String> header : c.headers().entrySet()) {
            String key = prefix + "headers." + header.getKey();
            if (c.username() != null && "Authorization".equalsIgnoreCase(header.getKey())) {
                throw new IllegalArgumentException(key + " and " + prefix + "username are both set: each sets the "
                        + "Authorization header, set only one");
            }
            try {
                // the JDK client's own rules (token characters, no CR/LF, no restricted header such as Host)
                java.net.http.HttpRequest.newBuilder().header(header.getKey(),
                        header.getValue() == null ? "" : header.getValue());
            } catch (IllegalArgumentException e) {
                // the JDK's message may quote the value, which may be a secret: name the header only
                throw new IllegalArgumentException(key + " is not a header the HTTP client can send (an invalid or "
                        + "restricted name, or a value with control characters)");
            }
        }
    }

    private static void validateHealth(Health h) {
        if (h.maxConsecutiveFailures() < 1) {
            throw new IllegalArgumentException("eventstore.health.max-consecutive-failures must be >= 1 but was "
                    + h.maxConsecutiveFailures());
        }
        if (h.maxSnapshotAge() != null && (h.maxSnapshotAge().isNegative() || h.maxSnapshotAge().isZero())) {
            throw new IllegalArgumentException("eventstore.health.max-snapshot-age must be positive but was "
                    + h.maxSnapshotAge());
        }
    }

    private static void validateWindow(String key, @Nullable Duration size, @Nullable Duration bucketWidth) {
        if (size != null && (size.isNegative() || size.isZero())) {
            throw new IllegalArgumentException(key + ".size must be positive but was " + size);
        }
        if (bucketWidth != null && (bucketWidth.compareTo(Duration.ofMillis(1)) < 0
                || bucketWidth.toNanos() % 1_000_000 != 0)) {
            throw new IllegalArgumentException(key + ".bucket-width must be a positive whole number of "
                    + "milliseconds but was " + bucketWidth);
        }
        if (size != null && bucketWidth != null && size.toNanos() % bucketWidth.toNanos() != 0) {
            throw new IllegalArgumentException(key + ".size (" + size + ") must be a whole multiple of "
                    + key + ".bucket-width (" + bucketWidth + ")");
        }
    }

    private static void requireBetween(String key, int value, int min, int max) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be >= " + min + " but was " + value);
        }
        if (value > max) {
            throw new IllegalArgumentException(key + " must be <= " + max + " but was " + value);
        }
    }

    private static void requireAtLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be >= " + min + " but was " + value);
        }
    }

    private static void requireNotBlank(String key, @Nullable String value) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(key + " must not be blank");
        }
    }

    private static String printable(String s) {
        return s.codePoints().limit(64).collect(StringBuilder::new,
                (b, c) -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c), StringBuilder::append).toString();
    }
}
