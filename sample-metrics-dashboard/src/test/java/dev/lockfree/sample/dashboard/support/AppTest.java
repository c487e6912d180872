package dev.lockfree.sample.dashboard.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole app on a random loopback port with two known users ({@code admin}/{@code admin-secret} with role
 * ADMIN, {@code viewer}/{@code viewer-secret} without it) and snapshots under {@code target/}, so test classes
 * share one context (and its stores: each test uses labels and streams of its own). Tests talk to it through
 * the injected {@code RestTestClient}, bound to that port, and check its answers with
 * {@code RestTestClientResponse} (AssertJ); {@link Json} reads a body as a tree, {@link Problems} checks error
 * bodies.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "eventstore.snapshot.directory=target/test-snapshots/${random.uuid}",
        "dashboard.security.users.admin.password=admin-secret",
        "dashboard.security.users.admin.roles=ADMIN",
        "dashboard.security.users.viewer.password=viewer-secret",
        "dashboard.security.users.viewer.roles=VIEWER"})
@AutoConfigureRestTestClient
public @interface AppTest {

    String ADMIN = "admin";
    String ADMIN_PASSWORD = "admin-secret";
    String VIEWER = "viewer";
    String VIEWER_PASSWORD = "viewer-secret";
}
