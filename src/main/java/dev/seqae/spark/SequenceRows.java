package dev.seqae.spark;

import dev.seqae.data.Layout;
import dev.seqae.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import scala.collection.Seq;

/**
 * Rebuilds sequences from the normalised rows of one partition ({@link InputOptions#steps}):
 * consecutive rows with one id are one sequence (long form, time series), or every row is one
 * (rows layout). Holds one sequence at a time, checks every value (a null — empty or not a
 * number in the input — NaN or infinity is a bad-input error naming the id, the step and the
 * column).
 */
final class SequenceRows implements Iterator<SequenceRows.Piece> {
    /**
     * One sequence (or series).
     *
     * @param id         its id
     * @param label      its label (the first row's in the long form), or null
     * @param timestamps per step, or null without a timestamp column
     * @param values     [step][feature]
     * @param entity     the entity it belongs to (train-many), or null
     * @param problem    the first bad value's description (values then unusable), or null
     * @param first      the number of its first row in the input (orders sequences as seqae reads them)
     */
    record Piece(String id, String label, String[] timestamps, float[][] values, String entity, String problem,
                 long first) {
        /** Throws the bad-input error when a value was bad. */
        Piece checked() {
            if (problem != null) {
                throw new InvalidInputException(problem);
            }
            return this;
        }
    }

    private final Iterator<Row> rows;
    private final Layout layout;
    private final String[] features;
    private Row pending;
    private String problem;

    SequenceRows(Iterator<Row> rows, Layout layout, String[] features) {
        this.rows = rows;
        this.layout = layout;
        this.features = features;
    }

    @Override
    public boolean hasNext() {
        return pending != null || rows.hasNext();
    }

    @Override
    public Piece next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Row first = pending != null ? pending : rows.next();
        pending = null;
        problem = null;
        if (layout == Layout.ROWS) {
            float[] v = values(first, 0);
            float[][] seq = new float[v.length][];
            for (int t = 0; t < v.length; t++) {
                seq[t] = new float[] {v[t]};
            }
            return new Piece(first.getString(0), first.getString(1), null, seq, first.getString(4), problem,
                    first.getLong(5));
        }
        String id = first.getString(0);
        if (id == null || id.isEmpty()) {
            problem = "a row has an empty id (values " + first.get(3) + ")";
            id = "";
        }
        List<float[]> steps = new ArrayList<>();
        List<String> times = new ArrayList<>();
        Row r = first;
        while (true) {
            steps.add(values(r, steps.size()));
            times.add(r.getString(2));
            if (!rows.hasNext()) {
                break;
            }
            Row n = rows.next();
            if (!id.equals(n.getString(0) == null ? "" : n.getString(0))
                    || !java.util.Objects.equals(first.getString(4), n.getString(4))) {
                pending = n;
                break;
            }
            r = n;
        }
        boolean timed = times.get(0) != null;
        return new Piece(id, first.getString(1), timed ? times.toArray(String[]::new) : null,
                steps.toArray(float[][]::new), first.getString(4), problem, first.getLong(5));
    }

    private float[] values(Row r, int step) {
        Seq<?> cells = r.getSeq(3);
        float[] v = new float[cells.size()];
        for (int j = 0; j < v.length; j++) {
            Object c = cells.apply(j);
            String where = layout == Layout.ROWS ? "row with id " + r.getString(0) + ", value " + j
                    : "id " + r.getString(0) + ", step " + step + (r.getString(2) == null ? "" : " (" + r.getString(2)
                    + ")") + ", column " + features[j];
            if (c == null) {
                problem = problem != null ? problem : where + ": empty or not a number";
                continue;
            }
            float x = (Float) c;
            if (Float.isNaN(x) || Float.isInfinite(x)) {
                problem = problem != null ? problem : where + ": " + x + " (NaN and infinity are not values)";
            }
            v[j] = x;
        }
        return v;
    }
}
