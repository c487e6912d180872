import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * {@code java -cp <kafka-clients> KafkaTopics.java create BOOTSTRAP TOPIC PARTITIONS}: creates a topic (replication 1)
 * and waits until every partition has a leader, so that the first produce does not wait for metadata (single-file
 * source launch, used by scripts/lib/kafka.sh).
 */
public class KafkaTopics {
    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[1]);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(args[2], Integer.parseInt(args[3]), (short) 1))).all().get();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (true) {
                var d = admin.describeTopics(List.of(args[2])).allTopicNames().get().get(args[2]);
                if (d.partitions().stream().allMatch(i -> i.leader() != null && !i.leader().isEmpty())) break;
                if (System.nanoTime() > deadline) throw new IllegalStateException("no leaders for " + args[2]);
                Thread.sleep(100);
            }
            System.out.println("created " + args[2] + " with " + args[3] + " partitions");
        }
    }
}
