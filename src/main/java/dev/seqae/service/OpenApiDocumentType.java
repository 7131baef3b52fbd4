package dev.seqae.service;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * The OpenAPI document ({@code /swagger/seqae-1.yml}, a static resource) is served as {@code
 * application/yaml} (RFC 9512): the static-resource handler would say {@code text/plain}, which
 * tools that fetch the document by URL refuse or misread.
 */
@ServerFilter("/swagger/**")
public class OpenApiDocumentType {
    @ResponseFilter
    public void type(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String path = request.getPath();
        if (response.code() == 200 && (path.endsWith(".yml") || path.endsWith(".yaml"))) {
            response.contentType("application/yaml");
        }
    }
}
