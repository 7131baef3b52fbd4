package dev.seqae.alerts;

import java.time.Duration;

/**
 * How deliveries are retried: attempt {@code n} (from 1) that fails waits {@code first * 2^(n-1)},
 * at most {@code longest}, before the next; after {@code maxAttempts} the delivery is failed.
 *
 * @param maxAttempts attempts before giving up (at least 1)
 * @param first       the wait after the first failure
 * @param longest     the longest wait
 * @param timeout     how long one attempt may take (connect and answer)
 */
public record RetryPolicy(int maxAttempts, Duration first, Duration longest, Duration timeout) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1, got " + maxAttempts);
        }
        if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff must be > 0 and max-backoff at least backoff, got " + first
                    + " and " + longest);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, got " + timeout);
        }
    }

    /** The defaults: 10 attempts, 1 s doubling up to 10 min between them (511 s of waits in all), 5 s each. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofSeconds(5));
    }

    /** The wait after failed attempt {@code attempt} (from 1). */
    public Duration backoff(int attempt) {
        long millis = first.toMillis();
        for (int i = 1; i < attempt && millis < longest.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, longest.toMillis()));
    }
}
