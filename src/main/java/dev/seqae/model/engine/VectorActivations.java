package dev.seqae.model.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API implementations behind {@link Activations}; loaded only when the
 * {@code jdk.incubator.vector} module is present (referencing this class otherwise would fail).
 */
final class VectorActivations {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorActivations() {
    }

    static void sigmoid(float[] a, int off, int n) {
        int end = off + n;
        int i = off;
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (; i <= end - SPECIES.length(); i += SPECIES.length()) {
            FloatVector e = FloatVector.fromArray(SPECIES, a, i).neg().lanewise(VectorOperators.EXP);
            one.div(e.add(one)).intoArray(a, i);
        }
        Activations.scalarSigmoid(a, i, end - i);
    }

    static void tanh(float[] src, int sOff, float[] dst, int dOff, int n) {
        int i = 0;
        for (; i <= n - SPECIES.length(); i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, src, sOff + i).lanewise(VectorOperators.TANH).intoArray(dst, dOff + i);
        }
        Activations.scalarTanh(src, sOff + i, dst, dOff + i, n - i);
    }
}
