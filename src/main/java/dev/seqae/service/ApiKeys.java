package dev.seqae.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may do what: changing things (training, cancelling) needs the key configured at start
 * ({@code seqae.api-key}), sent as the {@value #HEADER} header; with no key configured those
 * endpoints are disabled (403), never open. Scoring is open unless {@code
 * seqae.scoring-requires-key} is true. Keys are compared in constant time.
 */
public final class ApiKeys {
    /** The request header carrying the key. */
    public static final String HEADER = "X-API-Key";

    private final byte[] key;
    private final boolean scoringNeedsKey;

    public ApiKeys(String key, boolean scoringNeedsKey) {
        this.key = key == null || key.isBlank() ? null : key.getBytes(StandardCharsets.UTF_8);
        this.scoringNeedsKey = scoringNeedsKey;
        if (this.key == null && scoringNeedsKey) {
            throw new IllegalArgumentException("seqae.scoring-requires-key is true but no seqae.api-key is configured");
        }
    }

    /** For training, cancelling and other changes. */
    public void requireForChanges(String presented) {
        if (key == null) {
            throw new ApiException(403, "changes over HTTP (training, models, data intake, live streams) are disabled: the "
                    + "service was started without an "
                    + "API key (set seqae.api-key, e.g. SEQAE_API_KEY)");
        }
        check(presented);
    }

    /** For scoring, encoding, reconstructing and detecting. */
    public void requireForScoring(String presented) {
        if (scoringNeedsKey) {
            check(presented);
        }
    }

    /** Whether {@code presented} is the configured key (false when none is configured). */
    public boolean accepts(String presented) {
        return key != null && presented != null
                && MessageDigest.isEqual(key, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether every /api/v1 route needs the key ({@code seqae.scoring-requires-key}). */
    public boolean everythingNeedsKey() {
        return scoringNeedsKey;
    }

    private void check(String presented) {
        if (presented == null || presented.isEmpty()) {
            throw new ApiException(401, "missing " + HEADER + " header");
        }
        if (!MessageDigest.isEqual(key, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, "wrong API key in " + HEADER);
        }
    }
}
