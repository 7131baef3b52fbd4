package dev.seqae.data;

/**
 * One long multivariate series.
 *
 * @param source       where it came from (file name), for messages
 * @param timestamps   one per point, or {@code null}
 * @param values       {@code [points][features]}
 * @param featureNames one per feature
 */
public record TimeSeries(String source, String[] timestamps, float[][] values, String[] featureNames)
        implements Dataset {

    public int length() {
        return values.length;
    }

    @Override
    public int features() {
        return featureNames.length;
    }
}
