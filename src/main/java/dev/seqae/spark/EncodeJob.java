package dev.seqae.spark;

import dev.seqae.data.Windows;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;

/**
 * {@code encode}: each sequence's latent vector, as {@code seqae encode} writes it; a time series
 * is cut into the model's windows (stride = window, as {@code seqae encode} cuts one), each window
 * a row.
 */
@Command(name = "encode", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Encode every sequence of a table (or every window of each time series) to its latent vector.",
            "Output: <output>/encode as Parquet or CSV; columns id, label, z0..zK (sequences) or series, start, "
                + "timestamp, z0..zK (windows of a time series)."})
public final class EncodeJob extends ModelJob {
    public static void main(String[] args) {
        main(new EncodeJob(), args);
    }

    @Override
    String name() {
        return "encode";
    }

    @Override
    Dataset<Row> result(InputOptions.Steps steps, ModelBytes bytes, ModelBytes.Loaded local) {
        int width = local.model().latentWidth();
        boolean series = timeSeries(steps);
        if (series) {
            requireWindowed(local);
        }
        List<StructField> fields = new ArrayList<>(series
                ? List.of(ScoreJob.field("series", DataTypes.StringType), ScoreJob.field("start", DataTypes.IntegerType),
                        ScoreJob.field("timestamp", DataTypes.StringType))
                : List.of(ScoreJob.field("id", DataTypes.StringType), ScoreJob.field("label", DataTypes.StringType)));
        for (int j = 0; j < width; j++) {
            fields.add(ScoreJob.field("z" + j, DataTypes.FloatType));
        }
        StructType schema = new StructType(fields.toArray(StructField[]::new));
        int window = local.model().config().window();
        return perBatch(steps, series ? 1 : batchSize, schema, produced, batch -> {
            var m = bytes.get().model();
            List<Row> rows = new ArrayList<>();
            if (series) {
                SequenceRows.Piece p = batch.get(0);
                Windows w = Windows.plan(p.id(), p.values().length, window, window);
                List<float[]> z = m.encode(w.cut(p.values()));
                for (int i = 0; i < z.size(); i++) {
                    Object[] r = new Object[3 + width];
                    r[0] = p.id();
                    r[1] = w.start(i);
                    r[2] = p.timestamps() == null ? null : p.timestamps()[w.start(i)];
                    copy(z.get(i), r, 3);
                    rows.add(RowFactory.create(r));
                }
                return rows;
            }
            List<float[]> z = m.encode(values(batch));
            for (int i = 0; i < batch.size(); i++) {
                Object[] r = new Object[2 + width];
                r[0] = batch.get(i).id();
                r[1] = batch.get(i).label();
                copy(z.get(i), r, 2);
                rows.add(RowFactory.create(r));
            }
            return rows;
        });
    }

    private static void copy(float[] z, Object[] row, int from) {
        for (int j = 0; j < z.length; j++) {
            row[from + j] = z[j];
        }
    }

    @Override
    String summary(long rows, InputOptions.Steps steps) {
        return "encoded " + rows + (timeSeries(steps) ? " windows" : " sequences");
    }
}
