package dev.ember.ml.registry.mlflow;

import dev.ember.ml.registry.RegistryException;

/**
 * Which failed requests to an MLflow server are sent again, and how a failure is described: only a connection
 * error or a request that got no answer in time (status 0), a 429 (too many requests: the server is
 * rate-limiting) and a 5xx (the server failed) are retried, with backoff. Any other status (400 bad request, 401
 * and 403 refused credentials, 404 not found, 409 conflict) is the answer: sending it again cannot change it, so it
 * is reported at once.
 */
final class RetryPolicy {
    private RetryPolicy() {
    }

    /**
     * @param e a failed request
     * @return whether sending it again may succeed
     */
    static boolean isRetryable(RegistryException e) {
        int s = e.status();
        return s == 0 || s == 429 || s >= 500;
    }

    /**
     * @param e a failed request that will be retried
     * @return what is wrong with the server, in words that fit the status: "is not reachable" for a connection
     *     error or timeout, "is rate-limiting requests (429)" for a 429, "answers with server errors (503)" for a
     *     5xx
     */
    static String describe(RegistryException e) {
        int s = e.status();
        if (s == 0) {
            return "is not reachable";
        }
        if (s == 429) {
            return "is rate-limiting requests (429 Too Many Requests)";
        }
        if (s >= 500) {
            return "answers with server errors (" + s + ")";
        }
        return "refused the request (" + s + ")";
    }
}
