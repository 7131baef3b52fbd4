package dev.seqae.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Separate sequences (possibly of different lengths) with the same features.
 *
 * @param source       where they came from, for messages
 * @param sequences    the sequences
 * @param featureNames one per feature
 */
public record SequenceSet(String source, List<LabeledSequence> sequences, String[] featureNames)
        implements Dataset {

    public SequenceSet {
        sequences = List.copyOf(sequences);
    }

    @Override
    public int features() {
        return featureNames.length;
    }

    public int size() {
        return sequences.size();
    }

    /** The value arrays, in order. */
    public List<float[][]> values() {
        List<float[][]> out = new ArrayList<>(sequences.size());
        for (LabeledSequence s : sequences) {
            out.add(s.values());
        }
        return out;
    }

    /** Only the sequences whose label passes the filter. */
    public SequenceSet filter(Predicate<LabeledSequence> keep) {
        return new SequenceSet(source, sequences.stream().filter(keep).toList(), featureNames);
    }
}
