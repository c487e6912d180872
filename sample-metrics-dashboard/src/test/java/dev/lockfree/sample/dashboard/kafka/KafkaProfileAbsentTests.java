package dev.lockfree.sample.dashboard.kafka;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.lockfree.eventstore.boot.kafka.EventStoreCluster;
import dev.lockfree.eventstore.boot.kafka.KafkaStoreFeed;
import dev.lockfree.eventstore.kafka.EventStorePublisher;
import dev.lockfree.sample.dashboard.MetricsDashboardApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Kafka is on the sample's classpath for the kafka profile; without the profile no store names a topic, and
 * nothing of Kafka may start: no feed, no publisher, no cluster, and no Kafka client created (each logs its
 * configuration when it is). The broker address points at a closed port so that any attempt would also show.
 */
@ExtendWith(OutputCaptureExtension.class)
class KafkaProfileAbsentTests {

    @TempDir
    Path snapshots;

    @Test
    void withoutTheProfileNoKafkaClientIsCreated(CapturedOutput output) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MetricsDashboardApplication.class)
                .run("--server.port=0", "--server.address=127.0.0.1", "--spring.kafka.bootstrap-servers=127.0.0.1:1",
                        "--eventstore.snapshot.directory=" + snapshots,
                        "--dashboard.security.users.admin.password=admin-secret")) {
            assertThat(context.getBeansOfType(KafkaStoreFeed.class)).isEmpty();
            assertThat(context.getBeansOfType(EventStorePublisher.class)).isEmpty();
            assertThat(context.getBeansOfType(EventStoreCluster.class)).isEmpty();
            assertThat(context.getBeansOfType(KafkaDashboard.class)).isEmpty();
            assertThat(context.getBeansOfType(ClusterStatsController.class)).isEmpty();
        }
        assertThat(output.getOut() + output.getErr()).as("a Kafka client logs its config when created")
                .doesNotContain("ConsumerConfig values", "ProducerConfig values", "AdminClientConfig values")
                .contains("Tomcat started on port");
    }
}
