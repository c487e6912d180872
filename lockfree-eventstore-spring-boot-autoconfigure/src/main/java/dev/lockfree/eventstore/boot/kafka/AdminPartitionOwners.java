package dev.lockfree.eventstore.boot.kafka;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * {@link PartitionOwners} from the consumer group's description (Admin {@code describeConsumerGroups}): each member's
 * assignment, and its address from its client id ({@link MemberAddress}).
 *
 * <p>Nothing is cached. Ownership changes at every rebalance, and a stale map would send a query to an instance
 * that no longer holds the partition (it would then be reported missing although its new owner could answer) or,
 * worse, miss a member that just joined. One describe is one round trip to the group coordinator, small next to
 * the HTTP fan-out that follows it, and a cluster query is a read for people and dashboards, not a hot path.
 */
public final class AdminPartitionOwners implements PartitionOwners, AutoCloseable {

    private static final Log LOG = LogFactory.getLog(AdminPartitionOwners.class);

    private final Admin admin;
    private final boolean owned;

    private AdminPartitionOwners(Admin admin, boolean owned) {
        this.admin = admin;
        this.owned = owned;
    }

    /** Reads through an Admin client that the caller keeps and closes. */
    public static AdminPartitionOwners using(Admin admin) {
        return new AdminPartitionOwners(admin, false);
    }

    /** Creates its own Admin client from these client properties ({@code bootstrap.servers}, security, ...) and closes it on {@link #close()}. */
    public static AdminPartitionOwners create(Map<String, Object> adminProperties) {
        return new AdminPartitionOwners(Admin.create(adminProperties), true);
    }

    @Override
    public SortedMap<Integer, URI> owners(String groupId, String topic, String store, Duration timeout) {
        ConsumerGroupDescription group;
        try {
            KafkaFuture<ConsumerGroupDescription> described = admin.describeConsumerGroups(List.of(groupId),
                            new DescribeConsumerGroupsOptions().timeoutMs((int) Math.min(Integer.MAX_VALUE,
                                    Math.max(1, timeout.toMillis()))))
                    .describedGroups().get(groupId);
            if (described == null) {
                throw new PartitionOwnersException("Kafka did not describe consumer group '" + groupId + "'", null);
            }
            group = described.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PartitionOwnersException("Interrupted while describing consumer group '" + groupId + "'", ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            Throwable cause = ex instanceof ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
            throw new PartitionOwnersException("Could not describe consumer group '" + groupId + "' within "
                    + timeout + ": " + cause, cause);
        }
        SortedMap<Integer, URI> owners = new TreeMap<>();
        for (MemberDescription member : group.members()) {
            Optional<URI> address = MemberAddress.baseUrl(member.clientId(), store);
            for (TopicPartition tp : member.assignment().topicPartitions()) {
                if (!topic.equals(tp.topic())) {
                    continue;
                }
                if (address.isPresent()) {
                    owners.put(tp.partition(), address.get());
                }
                else if (LOG.isDebugEnabled()) {
                    LOG.debug("Member '" + member.consumerId() + "' (client id '" + member.clientId() + "') of group '"
                            + groupId + "' owns " + tp + " but names no address for store '" + store + "'");
                }
            }
        }
        return owners;
    }

    @Override
    public void close() {
        if (owned) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
