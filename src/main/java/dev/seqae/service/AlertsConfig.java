package dev.seqae.service;

import dev.seqae.alerts.Webhook;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.live.LiveEvent;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Webhooks from configuration: {@code seqae.alerts.webhooks.<name>.url}, {@code .secret}, and
 * optionally {@code .models}, {@code .streams} (lists; absent for all) and {@code .events}
 * ({@code opened}, {@code closed}; both by default). Every mistake names its key and stops the
 * service from starting (docs/live.md, "Alerts").
 */
public final class AlertsConfig {
    static final String PREFIX = "seqae.alerts.webhooks";
    private static final Set<String> KEYS = Set.of("url", "secret", "models", "streams", "events");

    private AlertsConfig() {
    }

    /** The webhooks in {@code flat}: the properties under {@value #PREFIX}, keys relative to it. */
    public static List<Webhook> webhooks(Map<String, Object> flat) {
        Map<String, Map<String, Object>> byName = new TreeMap<>();
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            if (dot < 0) {
                throw new InvalidInputException(PREFIX + "." + key + ": expected the settings of a webhook (" + PREFIX
                        + ".<name>.url, .secret, ...)");
            }
            String setting = key.substring(dot + 1);
            int bracket = setting.indexOf('[');             // list items may come flattened as models[0]
            if (bracket > 0) {
                setting = setting.substring(0, bracket);
            }
            byName.computeIfAbsent(key.substring(0, dot), k -> new LinkedHashMap<>())
                    .merge(setting, e.getValue(), AlertsConfig::join);
        }
        List<Webhook> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : byName.entrySet()) {
            out.add(webhook(e.getKey(), e.getValue()));
        }
        return out;
    }

    private static Object join(Object a, Object b) {
        return String.valueOf(a) + "," + b;
    }

    private static Webhook webhook(String name, Map<String, Object> s) {
        String at = PREFIX + "." + name;
        ModelRegistry.checkName(name);
        for (String key : s.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidInputException(at + "." + key + " is not a webhook setting (known: "
                        + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        Object url = s.get("url");
        if (url == null || String.valueOf(url).isBlank()) {
            throw new InvalidInputException(at + ".url is required (where the alerts are POSTed)");
        }
        URI uri;
        try {
            uri = new URI(String.valueOf(url).trim());
        } catch (URISyntaxException ex) {
            throw new InvalidInputException(at + ".url: '" + url + "' is not a URL (" + ex.getReason() + ")");
        }
        Object secret = s.get("secret");
        if (secret == null || String.valueOf(secret).isEmpty()) {
            throw new InvalidInputException(at + ".secret is required: every delivery is signed with it "
                    + "(HMAC-SHA256, header X-Seqae-Signature)");
        }
        Set<LiveEvent.Kind> kinds = EnumSet.noneOf(LiveEvent.Kind.class);
        for (String k : list(s.getOrDefault("events", "opened,closed"))) {
            try {
                kinds.add(LiveEvent.Kind.valueOf(k.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException ex) {
                throw new InvalidInputException(at + ".events: '" + k + "' is not an event (opened, closed)");
            }
        }
        try {
            return new Webhook(name, uri, String.valueOf(secret), list(s.get("models")), list(s.get("streams")), kinds);
        } catch (IllegalArgumentException ex) {
            throw new InvalidInputException(at + ": " + ex.getMessage());
        }
    }

    private static Set<String> list(Object v) {
        Set<String> out = new LinkedHashSet<>();
        if (v == null) {
            return out;
        }
        List<?> items = v instanceof List<?> l ? l : Arrays.asList(String.valueOf(v).split(","));
        for (Object item : items) {
            String s = String.valueOf(item).trim();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
