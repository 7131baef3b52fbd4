package dev.seqae.model;

import dev.seqae.data.Dataset;
import dev.seqae.data.LabeledSequence;
import dev.seqae.data.SequenceSet;
import dev.seqae.data.TimeSeries;
import dev.seqae.data.Windows;
import dev.seqae.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/** Data as separate sequences: a time series is cut into the model's windows. */
public final class Sequences {
    private Sequences() {
    }

    /** A time series can only be given to a model trained on windows of one. */
    public static void requireTimeSeriesModel(TimeSeries ts, SeqAutoencoderModel m) {
        if (m.config().window() <= 0) {
            throw new InvalidInputException(ts.source() + " reads as a time series but the model was trained on "
                    + "separate sequences; give its layout: rows or long");
        }
    }

    /** Separate sequences as they are; a time series cut into the model's windows (stride = window), ids = start points. */
    public static SequenceSet of(Dataset d, SeqAutoencoderModel m) {
        if (d instanceof SequenceSet set) {
            return set;
        }
        TimeSeries ts = (TimeSeries) d;
        requireTimeSeriesModel(ts, m);
        Windows w = Windows.plan(ts.source(), ts.length(), m.config().window(), m.config().window());
        List<float[][]> cut = w.cut(ts.values());
        List<LabeledSequence> out = new ArrayList<>();
        for (int i = 0; i < cut.size(); i++) {
            String id = ts.timestamps() == null ? Integer.toString(w.start(i)) : ts.timestamps()[w.start(i)];
            out.add(new LabeledSequence(id, null, cut.get(i)));
        }
        return new SequenceSet(ts.source(), out, ts.featureNames());
    }
}
