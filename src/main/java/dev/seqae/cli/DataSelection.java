package dev.seqae.cli;

import dev.seqae.data.Dataset;
import dev.seqae.data.SequenceSet;
import dev.seqae.errors.InvalidInputException;
import java.util.List;

/** Label filters: "train on the normal class only", "these labels are normal when scoring". */
final class DataSelection {
    private DataSelection() {
    }

    /** Keeps only sequences whose label is one of {@code normalLabels} (all when the list is empty). */
    static Dataset normalOnly(Dataset data, List<String> normalLabels) {
        if (normalLabels == null || normalLabels.isEmpty()) {
            return data;
        }
        if (!(data instanceof SequenceSet set)) {
            throw new InvalidInputException("--normal-label applies to labelled sequences (rows or long layout "
                    + "with --label-column), not to a time series");
        }
        if (set.sequences().stream().anyMatch(s -> s.label() == null)) {
            throw new InvalidInputException(set.source() + ": --normal-label needs a label column (--label-column)");
        }
        SequenceSet kept = set.filter(s -> normalLabels.contains(s.label()));
        if (kept.size() == 0) {
            throw new InvalidInputException(set.source() + ": no sequence has label " + normalLabels);
        }
        return kept;
    }
}
