package dev.seqae.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.live.LiveEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The alerts' pure parts: the signature, the backoff, which events a webhook wants. */
class AlertsCoreTest {
    @Test
    void aSignatureVerifiesOnlyForItsSecretBodyAndTime() {
        byte[] body = "{\"stream\":\"cpu\"}".getBytes(StandardCharsets.UTF_8);
        String header = Signatures.header("s3cret", 1_765_000_000L, body);
        assertTrue(header.startsWith("t=1765000000,v1="));
        assertEquals(64, header.substring(header.indexOf("v1=") + 3).length(), "hex of 32 bytes");
        assertTrue(Signatures.verify("s3cret", header, body));
        assertFalse(Signatures.verify("other", header, body));
        assertFalse(Signatures.verify("s3cret", header, "{\"stream\":\"cpv\"}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(Signatures.verify("s3cret", header.replace("t=1765000000", "t=1765000001"), body),
                "the time is signed too");
        assertFalse(Signatures.verify("s3cret", "t=x,v1=00", body));
        assertFalse(Signatures.verify("s3cret", null, body));
        // an independent computation of the same HMAC (what a receiver in another language does)
        assertEquals("t=0,v1=" + hmac("k", "0.".getBytes(StandardCharsets.UTF_8)), Signatures.header("k", 0, new byte[0]));
    }

    private static String hmac(String key, byte[] data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(data));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void backoffDoublesUpToItsLongest() {
        RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertEquals(List.of(250L, 500L, 1000L, 1000L, 1000L), List.of(p.backoff(1), p.backoff(2), p.backoff(3),
                p.backoff(4), p.backoff(60)).stream().map(Duration::toMillis).toList());
        assertEquals(Duration.ofMinutes(10), RetryPolicy.defaults().backoff(40));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    @Test
    void aWebhookWantsTheEventsItNamesAndNeverShowsItsSecret() {
        Webhook all = new Webhook("all", URI.create("https://hooks.example/x"), "k", Set.of(), Set.of(),
                Set.of(LiveEvent.Kind.OPENED, LiveEvent.Kind.CLOSED));
        assertTrue(all.wants("m", "s", LiveEvent.Kind.CLOSED));
        Webhook some = new Webhook("some", URI.create("http://127.0.0.1:9/x"), "k", Set.of("m"), Set.of("cpu"),
                Set.of(LiveEvent.Kind.OPENED));
        assertTrue(some.wants("m", "cpu", LiveEvent.Kind.OPENED));
        assertFalse(some.wants("m", "cpu", LiveEvent.Kind.CLOSED));
        assertFalse(some.wants("m2", "cpu", LiveEvent.Kind.OPENED));
        assertFalse(some.wants("m", "disk", LiveEvent.Kind.OPENED));
        assertFalse(new Webhook("w", URI.create("https://h/x"), "very-secret", null, null,
                Set.of(LiveEvent.Kind.OPENED)).toString().contains("very-secret"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Webhook("w", URI.create("ftp://h/x"), "k",
                null, null, Set.of(LiveEvent.Kind.OPENED))).getMessage().contains("http or https"));
    }
}
