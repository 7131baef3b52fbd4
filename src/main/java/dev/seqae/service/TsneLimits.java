package dev.seqae.service;

import dev.seqae.errors.InvalidInputException;
import dev.seqae.projection.Projector;

/**
 * What one t-SNE request may ask for: its cost grows with the iterations and the square of the
 * points (Smile's t-SNE is exact), so both are bounded; a larger input is sampled down to
 * {@code max_points} anyway.
 *
 * @param maxIterations the most {@code iterations} a request may ask for
 * @param maxPoints     the most {@code max_points} a request may ask for
 */
public record TsneLimits(int maxIterations, int maxPoints) {
    public TsneLimits {
        if (maxIterations < 250 || maxPoints < 10) {
            throw new InvalidInputException("seqae.limits.tsne-max-iterations must be >= 250 and tsne-max-points >= 10, "
                    + "got " + maxIterations + " and " + maxPoints);
        }
    }

    /** The request's t-SNE options, each within its limit (a 400 that names the parameter and the limit). */
    Projector.TsneOptions check(Projector.TsneOptions o) {
        if (o.iterations() > maxIterations) {
            throw new InvalidInputException("iterations must be from 250 to " + maxIterations + " (the server's limit), got "
                    + o.iterations());
        }
        if (o.maxPoints() > maxPoints) {
            throw new InvalidInputException("max_points must be from 10 to " + maxPoints + " (the server's limit), got "
                    + o.maxPoints());
        }
        return o;
    }
}
