package dev.seqae.data;

/**
 * One sequence with its id and optional label.
 *
 * @param id     the sequence id (row number or id-column value)
 * @param label  the label, or {@code null}
 * @param values {@code [steps][features]}
 */
public record LabeledSequence(String id, String label, float[][] values) {
    public int length() {
        return values.length;
    }
}
