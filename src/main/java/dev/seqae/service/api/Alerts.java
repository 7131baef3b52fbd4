package dev.seqae.service.api;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The bodies of {@code /api/v1/alerts}: the webhooks told of live streams' anomalies (docs/live.md). */
public final class Alerts {
    private Alerts() {
    }

    /** A configured webhook (its secret never shown; its URL only up to the host, as paths may hold tokens). */
    @Schema(name = "Webhook")
    public record Webhook(String name, @Schema(description = "scheme, host and port of its URL") String target,
                          @Schema(description = "the models it hears about (empty: all)") List<String> models,
                          @Schema(description = "the streams it hears about (empty: all)") List<String> streams,
                          @Schema(description = "opened and/or closed") List<String> events) {
    }

    /** The webhooks and how many deliveries are in each status. */
    @Schema(name = "AlertsAnswer")
    public record AlertsAnswer(List<Webhook> webhooks, long pending, long delivered, long failed) {
    }

    /** A delivery of one event to one webhook. */
    @Schema(name = "AlertDelivery")
    public record Delivery(long id, String webhook, String stream,
                           @Schema(description = "the event's number in its stream") long eventSeq,
                           @Schema(allowableValues = {"opened", "closed"}) String kind,
                           @Schema(allowableValues = {"pending", "delivered", "failed"}) String status,
                           int attempts,
                           @Nullable @Schema(description = "the receiver's last HTTP status (null: no answer)")
                           Integer lastCode,
                           @Nullable @Schema(description = "why the last attempt failed") String lastError,
                           String createdAt,
                           @Nullable @Schema(description = "when it is tried next (pending)") String nextAttemptAt,
                           @Nullable String deliveredAt) {
    }

    /**
     * The body POSTed to a webhook: which delivery (the same id on every attempt), where it comes
     * from, and the event as {@code GET /api/v1/streams/{stream}/events} shows it.
     */
    @Schema(name = "AlertPayload")
    public record Payload(long delivery, String webhook, String stream, String model, Streams.Event event) {
    }

    /** Deliveries, newest first. */
    @Schema(name = "AlertDeliveries")
    public record DeliveriesAnswer(List<Delivery> deliveries) {
    }
}
