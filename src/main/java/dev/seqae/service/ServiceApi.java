package dev.seqae.service;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The OpenAPI document's header. The document itself is generated from the controllers and the
 * records of {@link dev.seqae.service.api} at compile time (micronaut-openapi) and served at
 * {@code /swagger/seqae-<version>.yml}, with Swagger UI at {@code /swagger-ui/}; it is the
 * contract the service tests hold every exchange to (docs/service.md, "The OpenAPI document").
 */
@OpenAPIDefinition(info = @Info(title = "seqae", version = "${seqae.api.version:1}",
        description = "LSTM sequence autoencoder service: score, detect, encode, reconstruct, denoise, project and "
                + "train. Errors are application/problem+json. Changes need the X-API-Key header; with "
                + "seqae.scoring-requires-key every /api/v1 operation does. Every answer carries X-Request-ID."),
        servers = @Server(url = "/", description = "the service that serves this document"),
        tags = {@Tag(name = "scoring", description = "score, detect, encode, reconstruct, denoise"),
                @Tag(name = "latent", description = "projections, latent exports and pictures"),
                @Tag(name = "models", description = "the catalogue: models, versions, training"),
                @Tag(name = "jobs", description = "training jobs"),
                @Tag(name = "datasets", description = "durable data intake"),
                @Tag(name = "retraining", description = "scheduled retraining"),
                @Tag(name = "operations", description = "probes and metrics")})
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        paramName = ApiKeys.HEADER, description = "the key configured as seqae.api-key")
public final class ServiceApi {
    private ServiceApi() {
    }
}
