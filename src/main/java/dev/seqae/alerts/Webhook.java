package dev.seqae.alerts;

import dev.seqae.live.LiveEvent;
import java.net.URI;
import java.util.Set;

/**
 * A receiver of alerts: where they are POSTed, the secret that signs them, and which events it
 * wants.
 *
 * @param name    its name (in the delivery record and the {@code X-Seqae-Webhook} header)
 * @param url     an http or https URL
 * @param secret  the HMAC-SHA256 key of the {@code X-Seqae-Signature} header
 * @param models  the models whose streams it hears about; empty for all
 * @param streams the streams it hears about; empty for all
 * @param kinds   the events it wants (opened, closed)
 */
public record Webhook(String name, URI url, String secret, Set<String> models, Set<String> streams,
                      Set<LiveEvent.Kind> kinds) {
    public Webhook {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a webhook needs a name");
        }
        if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("webhook '" + name + "': url must be an http or https URL, got " + url);
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("webhook '" + name + "': a secret is required (it signs every "
                    + "delivery)");
        }
        if (kinds == null || kinds.isEmpty()) {
            throw new IllegalArgumentException("webhook '" + name + "': it must want at least one of opened, closed");
        }
        models = Set.copyOf(models == null ? Set.of() : models);
        streams = Set.copyOf(streams == null ? Set.of() : streams);
        kinds = Set.copyOf(kinds);
    }

    /** Whether an event of {@code kind} on {@code stream} (of {@code model}) goes to this webhook. */
    public boolean wants(String model, String stream, LiveEvent.Kind kind) {
        return kinds.contains(kind) && (models.isEmpty() || models.contains(model))
                && (streams.isEmpty() || streams.contains(stream));
    }

    @Override
    public String toString() {
        return "Webhook[" + name + " -> " + url + "]";         // never the secret
    }
}
