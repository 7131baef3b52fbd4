package dev.seqae.data;

/** What a data file holds: one long {@link TimeSeries} or a {@link SequenceSet}. */
public sealed interface Dataset permits TimeSeries, SequenceSet {
    /** Features per step. */
    int features();

    /** Where it came from, for messages. */
    String source();
}
