package dev.lockfree.sample.dashboard.support;

import java.nio.charset.StandardCharsets;

import org.springframework.test.web.servlet.client.ExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A RestTestClient answer's body as a JSON tree or as text (UTF-8, whatever the content type says), for the
 * checks that walk a body further than {@code bodyJson()} paths read well.
 */
public final class Json {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Json() {
    }

    public static JsonNode of(RestTestClientResponse response) {
        return of(response.getExchangeResult());
    }

    public static JsonNode of(ExchangeResult result) {
        return JSON.readTree(text(result));
    }

    /** Exchanges {@code request} expecting 200 and returns its JSON body. */
    public static JsonNode ok(RestTestClient.RequestHeadersSpec<?> request) {
        RestTestClientResponse response = RestTestClientResponse.from(request.exchange());
        assertThat(response).hasStatusOk();
        return of(response);
    }

    public static String text(RestTestClientResponse response) {
        return text(response.getExchangeResult());
    }

    public static String text(ExchangeResult result) {
        byte[] body = result.getResponseBodyContent();
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }

    public static String write(Object value) {
        return JSON.writeValueAsString(value);
    }
}
