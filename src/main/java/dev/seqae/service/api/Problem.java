package dev.seqae.service.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** Every error answer ({@code application/problem+json}, RFC 9457). */
@Schema(description = "An error: what is wrong and where (application/problem+json, RFC 9457)")
public record Problem(
        @Schema(description = "always about:blank") String type,
        @Schema(description = "the status' reason phrase") String title,
        int status,
        @Schema(description = "what is wrong and where, in the API's words") String detail,
        @Schema(description = "the request's path") String instance,
        @Nullable @Schema(description = "the request's id: also in the X-Request-ID header and the server's log")
        String requestId) {
}
