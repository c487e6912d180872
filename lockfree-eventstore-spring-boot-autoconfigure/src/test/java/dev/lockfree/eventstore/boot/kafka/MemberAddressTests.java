package dev.lockfree.eventstore.boot.kafka;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MemberAddressTests {

    @Test
    void theBaseUrlComesBackFromTheClientIdSpringKafkaDerivesFromThePrefix() {
        String prefix = MemberAddress.clientIdPrefix("orders", URI.create("http://127.0.0.1:8081/"));

        assertThat(prefix).isEqualTo("eventstore.orders@http://127.0.0.1:8081");
        assertThat(MemberAddress.baseUrl(prefix + "-0", "orders")).contains(URI.create("http://127.0.0.1:8081"));
        assertThat(MemberAddress.baseUrl(prefix + "-12", "orders")).contains(URI.create("http://127.0.0.1:8081"));
        assertThat(MemberAddress.baseUrl(prefix, "orders")).contains(URI.create("http://127.0.0.1:8081"));
    }

    @Test
    void aPathInTheBaseUrlIsKept() {
        String prefix = MemberAddress.clientIdPrefix("orders", URI.create("https://view.example:8443/app"));

        assertThat(MemberAddress.baseUrl(prefix + "-1", "orders")).contains(URI.create("https://view.example:8443/app"));
    }

    @Test
    void otherStoresAndOtherClientsAreNotMembers() {
        String prefix = MemberAddress.clientIdPrefix("orders", URI.create("http://127.0.0.1:8081"));

        assertThat(MemberAddress.baseUrl(prefix + "-0", "metrics")).isEmpty();
        assertThat(MemberAddress.baseUrl(prefix + "-0", "order")).isEmpty();
        assertThat(MemberAddress.baseUrl("consumer-orders-view-1", "orders")).isEmpty();
        assertThat(MemberAddress.baseUrl("eventstore.orders@not a url-0", "orders")).isEmpty();
        assertThat(MemberAddress.baseUrl("eventstore.orders@ftp://host:21-0", "orders")).isEmpty();
    }

    @Test
    void badInputIsRefusedNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemberAddress.clientIdPrefix("a@b", URI.create("http://h:1")))
                .withMessageContaining("'a@b'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemberAddress.clientIdPrefix("orders", URI.create("/relative")))
                .withMessageContaining("'/relative'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemberAddress.clientIdPrefix("orders", URI.create("http://h:1/?q=1")))
                .withMessageContaining("no query");
    }
}
