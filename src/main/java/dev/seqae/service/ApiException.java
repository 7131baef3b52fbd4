package dev.seqae.service;

/** A request the service refuses, with the HTTP status to answer and a message for the caller. */
public class ApiException extends RuntimeException {
    private final int status;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String message) {
        this(status, message, null);
    }

    /** With a Retry-After header (429, 503). */
    public ApiException(int status, String message, Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** Seconds to wait before retrying, or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** 404: the named thing does not exist. */
    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** 413: the request is larger than a configured limit. */
    public static ApiException tooLarge(String message) {
        return new ApiException(413, message);
    }
}
