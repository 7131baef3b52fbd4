package dev.seqae.data;

import dev.seqae.errors.InvalidInputException;
import java.util.List;

/** Checks of sequences given to training or scoring: not empty, the right width, finite values. */
public final class SequenceChecks {
    private SequenceChecks() {
    }

    /**
     * Fails with a message naming the sequence, step and feature.
     *
     * @param noun     what the sequences are called in messages ("sequence", "training sequence")
     * @param expected how the expected width is introduced ("model expects", "expected")
     */
    public static void requireValid(List<float[][]> sequences, int features, String noun, String expected) {
        if (sequences.isEmpty()) {
            throw new InvalidInputException("no " + noun + "s given");
        }
        for (int i = 0; i < sequences.size(); i++) {
            float[][] s = sequences.get(i);
            if (s == null || s.length == 0) {
                throw new InvalidInputException(noun + " " + i + " is empty");
            }
            for (int t = 0; t < s.length; t++) {
                if (s[t] == null || s[t].length != features) {
                    throw new InvalidInputException(noun + " " + i + " step " + t + " has "
                            + (s[t] == null ? 0 : s[t].length) + " features, " + expected + " " + features);
                }
                for (int f = 0; f < s[t].length; f++) {
                    if (!Float.isFinite(s[t][f])) {
                        throw new InvalidInputException(noun + "s[" + i + "][" + t + "][" + f + "] is "
                                + (Float.isNaN(s[t][f]) ? "NaN" : "infinite"));
                    }
                }
            }
        }
    }
}
