/**
 * Alerts: the webhooks told when a live stream's anomaly opens or closes. {@link
 * dev.seqae.alerts.Webhook} says which events go where; every event a stream commits gets one
 * {@code PENDING} delivery per matching webhook in the same transaction (so a committed event is
 * never lost, also after a restart). {@link dev.seqae.alerts.AlertDispatcher} sends them — signed
 * with HMAC-SHA256 ({@link dev.seqae.alerts.Signatures}), in order per webhook and stream, retried
 * with exponential backoff ({@link dev.seqae.alerts.RetryPolicy}) — and records each outcome
 * through its {@link dev.seqae.alerts.AlertDispatcher.Outbox}. Delivery is at least once: a
 * receiver tells a resend by its unchanged {@code X-Seqae-Delivery} id. Plain Java (the JDK's
 * HTTP client): no Micronaut, no database.
 */
package dev.seqae.alerts;
