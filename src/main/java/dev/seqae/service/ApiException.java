package dev.seqae.service;

/** A request the service refuses, with the HTTP status to answer and a message for the caller. */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
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
