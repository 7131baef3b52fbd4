package dev.seqae.service;

import dev.seqae.alerts.AlertDispatcher;
import dev.seqae.alerts.Webhook;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.intake.AlertStore;
import dev.seqae.service.api.Alerts;
import dev.seqae.service.api.Errors;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/v1/alerts}: the configured webhooks and the record of every delivery (docs/live.md,
 * "Alerts"). Read only: webhooks come from configuration ({@code seqae.alerts.*}).
 */
@Tag(name = "streams")
@Controller("/api/v1/alerts")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AlertsController {
    private final AlertDispatcher dispatcher;
    private final AlertStore store;

    public AlertsController(AlertDispatcher dispatcher, AlertStore store) {
        this.dispatcher = dispatcher;
        this.store = store;
    }

    /** The webhooks and the number of deliveries pending, delivered and failed. */
    @Operation(operationId = "listAlerts", summary = "The alert webhooks and their deliveries' counts")
    @Errors.KeyWhenRequired
    @Errors.Api
    @Get
    public Alerts.AlertsAnswer alerts() {
        List<Alerts.Webhook> webhooks = dispatcher.webhooks().stream().map(AlertsController::view).toList();
        Map<AlertDispatcher.Status, Long> counts = store.counts();
        return new Alerts.AlertsAnswer(webhooks, counts.get(AlertDispatcher.Status.PENDING),
                counts.get(AlertDispatcher.Status.DELIVERED), counts.get(AlertDispatcher.Status.FAILED));
    }

    /** Deliveries, newest first, optionally of one stream, webhook or status. */
    @Operation(operationId = "alertDeliveries", summary = "The record of alert deliveries, newest first")
    @Errors.KeyWhenRequired
    @Errors.Api
    @Errors.BadInput
    @Get("/deliveries")
    public Alerts.DeliveriesAnswer deliveries(@Nullable @QueryValue String stream, @Nullable @QueryValue String webhook,
                                              @Nullable @QueryValue String status, @Nullable @QueryValue String limit) {
        if (stream != null) {
            StreamsController.checkName(stream);
        }
        if (webhook != null && dispatcher.webhooks().stream().noneMatch(w -> w.name().equals(webhook))) {
            throw new InvalidInputException("webhook: '" + webhook + "' is not a configured webhook (configured: "
                    + String.join(", ", dispatcher.webhooks().stream().map(Webhook::name).toList()) + ")");
        }
        AlertDispatcher.Status st = null;
        if (status != null) {
            try {
                st = AlertDispatcher.Status.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("status must be pending, delivered or failed, got '" + status + "'");
            }
        }
        int n = (int) Requests.query(limit, "limit", 1, 1000, 100);
        return new Alerts.DeliveriesAnswer(store.list(stream, webhook, st, n).stream().map(d -> new Alerts.Delivery(
                d.id(), d.webhook(), d.stream(), d.seq(), d.kind().name().toLowerCase(Locale.ROOT),
                d.status().name().toLowerCase(Locale.ROOT), d.attempts(), d.lastCode(), d.lastError(),
                d.createdAt().toString(), text(d.nextAt()), text(d.deliveredAt()))).toList());
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    private static Alerts.Webhook view(Webhook w) {
        URI u = w.url();
        String target = u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        return new Alerts.Webhook(w.name(), target, List.copyOf(new java.util.TreeSet<>(w.models())),
                List.copyOf(new java.util.TreeSet<>(w.streams())), w.kinds().stream().sorted()
                .map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
    }
}
