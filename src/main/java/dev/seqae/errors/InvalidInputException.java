package dev.seqae.errors;

/**
 * Bad input from a user: a file, an option, a request body. Maps to exit code 2 on the command
 * line and to a 4xx over HTTP. The message says what is wrong and where.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
