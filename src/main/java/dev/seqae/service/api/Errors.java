package dev.seqae.service.api;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The error answers an operation can give, as annotations on it: each adds the status with the
 * {@link Problem} schema to the OpenAPI document. {@link Api} is on every {@code /api/v1}
 * operation.
 */
public final class Errors {
    /** The problem media type. */
    public static final String PROBLEM = "application/problem+json";

    private Errors() {
    }

    /**
     * What any {@code /api/v1} operation may answer: 401 (a key is needed: always for changes, for
     * everything with {@code seqae.scoring-requires-key}), 403 (changes on a service without a key;
     * a browser page of a foreign origin), 414 / 431 (a URL or headers too long to read), 500.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
    @ApiResponse(responseCode = "401", description = "the X-API-Key header is missing or wrong",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "403", description = "changes are disabled (no key configured), or a browser page "
            + "of an origin that is not allowed", content = @Content(mediaType = PROBLEM,
            schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "500", description = "an unexpected failure; the server's log has it under the "
            + "answer's request_id", content = @Content(mediaType = PROBLEM,
            schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "414", description = "the URL is longer than the server reads (4,096 bytes)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "431", description = "the headers are larger than the server reads (8,192 bytes)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public @interface Api {
    }

    /** 400: malformed or invalid input (the detail names the field). */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ApiResponse(responseCode = "400", description = "malformed or invalid input; the detail names the field",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public @interface BadInput {
    }

    /** 404: no such model, job, dataset or version. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ApiResponse(responseCode = "404", description = "no such model, job, dataset or version",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public @interface NotFound {
    }

    /** 409: the state does not allow it. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ApiResponse(responseCode = "409", description = "the current state does not allow it (the detail says why)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public @interface Conflict {
    }

    /** 413 and 415: a body too large, or of a media type the operation does not read. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ApiResponse(responseCode = "413", description = "the body, or the sequences in it, exceed the server's limits",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "the Content-Type is not one the operation reads (in UTF-8)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public @interface WithBody {
    }

    /** 429 and 503: a heavy computation refused for lack of room, stopped at its time limit or out of memory. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ApiResponse(responseCode = "429", description = "no room: the pool of heavy requests or the training queue is "
            + "full (Retry-After)", content = @Content(mediaType = PROBLEM,
            schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "over the time limit, more memory than one computation may "
            + "take, or shutting down (Retry-After)", content = @Content(mediaType = PROBLEM,
            schema = @Schema(implementation = Problem.class)))
    public @interface Heavy {
    }

    /** 304: the answer has not changed since the ETag given in If-None-Match. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ApiResponse(responseCode = "304", description = "not modified since the ETag given in If-None-Match")
    public @interface Conditional {
    }

    /** Needs the API key whatever the configuration (changes). */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @SecurityRequirement(name = "apiKey")
    public @interface NeedsKey {
    }

    /**
     * An operation that reads sequences from its body (JSON or CSV): the errors of any such
     * operation (400, 404, 413, 415 beside {@link Api}'s) and its body, {@link Scoring.SequencesRequest}
     * or CSV text read as the query parameters say.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @Api
    @BadInput
    @NotFound
    @WithBody
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = Scoring.SequencesRequest.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string", description = "one sequence per row, "
                    + "or long form with an id column (the query parameters say how)"))})
    public @interface ReadsSequences {
    }

    /**
     * Needs the API key only where the service runs with {@code seqae.scoring-requires-key}: the key
     * is optional in the document (anonymous, or the key).
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @SecurityRequirement(name = "")
    @SecurityRequirement(name = "apiKey")
    public @interface KeyWhenRequired {
    }

    /** Open to anyone whatever the configuration (probes, metrics): anonymous access, declared. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @SecurityRequirement(name = "")
    public @interface Open {
    }

    /**
     * What a probe or the metrics may refuse: 403 (a browser page of a foreign origin), 414 / 431
     * (a URL or headers too long to read).
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ApiResponse(responseCode = "403", description = "a browser page of an origin that is not allowed",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "414", description = "the URL is longer than the server reads (4,096 bytes)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "431", description = "the headers are larger than the server reads (8,192 bytes)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    public @interface Refusals {
    }
}
