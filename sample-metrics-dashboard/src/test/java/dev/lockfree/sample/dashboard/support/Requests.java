package dev.lockfree.sample.dashboard.support;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;

/** The POST shapes the API tests send through {@link RestTestClient}, in one place. */
public final class Requests {

    private Requests() {
    }

    /** A JSON body; {@code headers} as name, value, name, value... */
    public static RestTestClientResponse postJson(RestTestClient http, String uri, String json, String... headers) {
        return post(http, uri, MediaType.APPLICATION_JSON_VALUE, json, headers);
    }

    /** {@code body} a String or a byte[], sent as is; {@code headers} as name, value, name, value... */
    public static RestTestClientResponse post(RestTestClient http, String uri, String contentType, Object body,
                                              String... headers) {
        return RestTestClientResponse.from(http.post().uri(uri).header("Content-Type", contentType)
                .headers(h -> {
                    for (int i = 0; i < headers.length; i += 2) {
                        h.add(headers[i], headers[i + 1]);
                    }
                }).body(body).exchange());
    }
}
