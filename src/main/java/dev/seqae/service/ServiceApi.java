package dev.seqae.service;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;

/**
 * The OpenAPI document's header. The document itself is generated from the controllers at
 * compile time (micronaut-openapi) and served at {@code /swagger/seqae-<version>.yml}, with
 * Swagger UI at {@code /swagger-ui/}.
 */
@OpenAPIDefinition(info = @Info(title = "seqae", version = "${seqae.api.version:1}",
        description = "LSTM sequence autoencoder service: score, detect, encode, reconstruct and train. Errors are "
                + "application/problem+json; changes need the X-API-Key header.",
        license = @License(name = "see the repository")))
public final class ServiceApi {
    private ServiceApi() {
    }
}
