package dev.seqae.service;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * With {@code seqae.scoring-requires-key: true}, every route under {@code /api/v1} needs the key —
 * reading ones (models, jobs, datasets, plots) as much as scoring — checked here once for all of
 * them, before any controller runs. (Changes need it in any case; their controllers check that.) A
 * CORS preflight carries no key by design and passes.
 */
@ServerFilter("/api/v1/**")
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiKeyFilter {
    private final ApiKeys keys;

    public ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    /** A 401 problem when the key is required and missing or wrong; the request goes on otherwise. */
    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        if (!keys.everythingNeedsKey() || request.getMethod() == HttpMethod.OPTIONS) {
            return null;
        }
        try {
            keys.requireForScoring(request.getHeaders().get(ApiKeys.HEADER));
            return null;
        } catch (ApiException e) {
            return Problems.response(request, e.status(), e.getMessage(), null);
        }
    }
}
