package dev.lockfree.eventstore.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends one call's request, retrying it under the {@link RetryPolicy} when the call is idempotent, and
 * hands back the final response whatever its status. Failures without a response become
 * {@link EventStoreIoException} / {@link EventStoreTimeoutException}.
 */
final class RequestExecutor {

    /** The final response of a call and how many requests it took. */
    record Exchange(HttpResponse<byte[]> response, int attempts) {
    }

    private final HttpClient httpClient;
    private final RetryPolicy retryPolicy;
    private final Sleeper sleeper;

    RequestExecutor(HttpClient httpClient, RetryPolicy retryPolicy, Sleeper sleeper) {
        this.httpClient = httpClient;
        this.retryPolicy = retryPolicy;
        this.sleeper = sleeper;
    }

    /**
     * Sends a request until it gets a final response or runs out of retries.
     *
     * @param request    the request
     * @param idempotent whether repeating it is safe; a non-idempotent request is sent exactly once
     * @param call       what the call is, for messages ("Append to stream 'x'")
     * @param stream     the stream of the call
     * @return the final response: not retryable, or the last one when retries ran out
     */
    Exchange execute(HttpRequest request, boolean idempotent, String call, String stream) {
        for (int attempt = 1; ; attempt++) {
            boolean mayRetry = idempotent && attempt <= retryPolicy.maxRetries();
            HttpResponse<byte[]> response;
            try {
                response = httpClient.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (!mayRetry) {
                    throw noResponse(call, stream, attempt, idempotent, e);
                }
                backOff(attempt, null, call, stream);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EventStoreClientException(call + " interrupted while waiting for the server"
                        + (idempotent ? "" : "; the event may or may not have been stored"), stream, 0, null, attempt, e);
            }
            if (mayRetry && isRetryable(response.statusCode())) {
                backOff(attempt, retryAfter(response), call, stream);
                continue;
            }
            return new Exchange(response, attempt);
        }
    }

    private static boolean isRetryable(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    private void backOff(int retry, Duration retryAfter, String call, String stream) {
        Duration delay = retryPolicy.delayBeforeRetry(retry, retryAfter, ThreadLocalRandom.current().nextDouble());
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventStoreClientException(call + " interrupted while backing off before retry " + retry,
                    stream, 0, null, retry, e);
        }
    }

    /** A {@code Retry-After} of whole seconds on a 429 or 503; an HTTP-date is not honoured. */
    private static Duration retryAfter(HttpResponse<?> response) {
        int status = response.statusCode();
        if (status != 429 && status != 503) {
            return null;
        }
        Optional<String> value = response.headers().firstValue("Retry-After");
        if (value.isEmpty()) {
            return null;
        }
        String text = value.get().trim();
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Duration.ofSeconds(Long.parseLong(text));
    }

    private static EventStoreIoException noResponse(String call, String stream, int attempts, boolean idempotent,
                                                    IOException cause) {
        boolean timedOut = cause instanceof HttpTimeoutException;
        StringBuilder message = new StringBuilder(call).append(timedOut ? " timed out" : " got no response");
        if (attempts > 1) {
            message.append(" (").append(attempts).append(" attempts)");
        }
        message.append(": ").append(cause.getClass().getSimpleName());
        if (cause.getMessage() != null) {
            message.append(' ').append(cause.getMessage());
        }
        if (!idempotent) {
            message.append("; not retried (an append without idempotency key is not idempotent)");
            message.append(cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                    ? "; no connection was made, so nothing was stored"
                    : " and its outcome is unknown: the event may or may not have been stored");
        }
        return timedOut
                ? new EventStoreTimeoutException(message.toString(), stream, attempts, cause)
                : new EventStoreIoException(message.toString(), stream, attempts, cause);
    }
}
