package dev.seqae.spark;

import dev.seqae.anomaly.SequenceScorer;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.SeqAutoencoderModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code score}: per sequence the score, the flag, the threshold and each feature's share of the
 * error, as {@code seqae score} writes them; for time series (a windowed model) per point the
 * score and flag, every series on its own.
 */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score every sequence of a table with a trained model (or every point of each time series): "
            + "score, flag, threshold and feature shares, as seqae score computes them.",
            "Output: <output>/score as Parquet or CSV; columns id, label, score, is_anomaly, threshold, top_features, "
                + "share_<feature>... (sequences) or series, index, timestamp, score, is_anomaly, threshold (points)."})
public final class ScoreJob extends ModelJob {
    @Option(names = "--stride", defaultValue = "1", description = "time series: window stride for scoring "
            + "(default ${DEFAULT-VALUE})")
    int stride;

    public static void main(String[] args) {
        main(new ScoreJob(), args);
    }

    @Override
    String name() {
        return "score";
    }

    @Override
    Dataset<Row> result(InputOptions.Steps steps, ModelBytes bytes, ModelBytes.Loaded local) {
        ThresholdStrategy strategy = strategy();
        if (timeSeries(steps)) {
            requireWindowed(local);
            if (stride < 1) {
                throw new InvalidInputException("--stride must be at least 1, got " + stride);
            }
            int s = stride;
            StructType schema = new StructType(new StructField[] {
                field("series", DataTypes.StringType), field("index", DataTypes.IntegerType),
                field("timestamp", DataTypes.StringType), field("score", DataTypes.DoubleType),
                field("is_anomaly", DataTypes.BooleanType), field("threshold", DataTypes.DoubleType)});
            return perBatch(steps, 1, schema, produced, batch -> {
                SequenceRows.Piece p = batch.get(0);
                SeqAutoencoderModel m = bytes.get().model();
                var scores = m.scorePoints(p.id(), p.values(), s, strategy);
                List<Row> rows = new ArrayList<>(p.values().length);
                for (int i = 0; i < p.values().length; i++) {
                    rows.add(RowFactory.create(p.id(), i, p.timestamps() == null ? null : p.timestamps()[i],
                            scores.scores()[i], scores.anomalous()[i], scores.threshold()));
                }
                return rows;
            });
        }
        String[] names = local.model().featureNames();
        List<StructField> fields = new ArrayList<>(List.of(field("id", DataTypes.StringType),
                field("label", DataTypes.StringType), field("score", DataTypes.DoubleType),
                field("is_anomaly", DataTypes.BooleanType), field("threshold", DataTypes.DoubleType),
                field("top_features", DataTypes.StringType)));
        for (String f : names) {
            fields.add(field("share_" + f, DataTypes.DoubleType));
        }
        return perBatch(steps, batchSize, new StructType(fields.toArray(StructField[]::new)), produced, batch -> {
            SeqAutoencoderModel m = bytes.get().model();
            var scores = m.score(values(batch), strategy);
            List<Row> rows = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                var sc = scores.get(i);
                Object[] r = new Object[6 + names.length];
                r[0] = batch.get(i).id();
                r[1] = batch.get(i).label();
                r[2] = sc.score();
                r[3] = sc.anomalous();
                r[4] = sc.threshold();
                r[5] = SequenceScorer.ranked(names, sc.featureShares());
                for (int f = 0; f < names.length; f++) {
                    r[6 + f] = sc.featureShares()[f];
                }
                rows.add(RowFactory.create(r));
            }
            return rows;
        });
    }

    @Override
    String summary(long rows, InputOptions.Steps steps) {
        return "scored " + rows + (timeSeries(steps) ? " points" : " sequences");
    }

    static StructField field(String name, org.apache.spark.sql.types.DataType type) {
        return DataTypes.createStructField(name, type, true);
    }
}
