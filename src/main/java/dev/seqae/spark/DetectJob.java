package dev.seqae.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import dev.seqae.anomaly.Interval;
import dev.seqae.anomaly.IntervalDetector;
import dev.seqae.anomaly.SequenceScorer;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.data.Layout;
import dev.seqae.data.TimeSeries;
import dev.seqae.data.TimeSegments;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.recipe.RecipeRun;
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
 * {@code detect}: per time series the anomalous intervals, as {@code seqae detect} finds them in
 * one series (a model trained with a recipe detects with its recipe). Two tables: {@code series}
 * (every series, its points and interval count, so that one without intervals is still there)
 * and {@code intervals}.
 */
@Command(name = "detect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Find the anomalous intervals of every time series of a table (a series per --id-column, or per "
            + "file without one), as seqae detect finds them in one.",
            "Output: <output>/series (series, points, intervals, point_threshold) and <output>/intervals (series, "
                + "start, end, start_timestamp, end_timestamp, length, peak_index, peak_score, severity, "
                + "top_features), Parquet or CSV."})
public final class DetectJob extends ModelJob {
    @Option(names = "--stride", defaultValue = "1", description = "window stride for scoring (default ${DEFAULT-VALUE})")
    int stride;

    @Option(names = "--smoothing", defaultValue = "1", description = "EWMA span of the point scores, 1 = none "
            + "(default ${DEFAULT-VALUE})")
    int smoothing;

    @Option(names = "--padding", defaultValue = "0", description = "points added on each side of an interval "
            + "(default ${DEFAULT-VALUE})")
    int padding;

    @Option(names = "--min-length", defaultValue = "1", description = "drop shorter intervals (default ${DEFAULT-VALUE})")
    int minLength;

    @Option(names = "--prune", defaultValue = "0", description = "telemanom pruning, 0 = off (default ${DEFAULT-VALUE})")
    double prune;

    @Option(names = "--local-window", defaultValue = "0", description = "refit the threshold on local windows of this "
            + "many points of each series, 0 = the model's (default ${DEFAULT-VALUE})")
    int localWindow;

    @Option(names = "--local-step", description = "points between local windows (default: a tenth of --local-window)")
    Integer localStep;

    private static final StructType INTERVAL = new StructType(new StructField[] {
        ScoreJob.field("start", DataTypes.IntegerType), ScoreJob.field("end", DataTypes.IntegerType),
        ScoreJob.field("start_timestamp", DataTypes.StringType), ScoreJob.field("end_timestamp", DataTypes.StringType),
        ScoreJob.field("length", DataTypes.IntegerType), ScoreJob.field("peak_index", DataTypes.IntegerType),
        ScoreJob.field("peak_score", DataTypes.DoubleType), ScoreJob.field("severity", DataTypes.DoubleType),
        ScoreJob.field("top_features", DataTypes.StringType)});

    private static final StructType SERIES = new StructType(new StructField[] {
        ScoreJob.field("series", DataTypes.StringType), ScoreJob.field("points", DataTypes.IntegerType),
        ScoreJob.field("intervals", DataTypes.IntegerType), ScoreJob.field("point_threshold", DataTypes.DoubleType),
        ScoreJob.field("found", DataTypes.createArrayType(INTERVAL, false))});

    public static void main(String[] args) {
        main(new DetectJob(), args);
    }

    @Override
    String name() {
        return "detect";
    }

    @Override
    Dataset<Row> result(InputOptions.Steps steps, ModelBytes bytes, ModelBytes.Loaded local) {
        if (steps.layout() != Layout.TIMESERIES) {
            throw new InvalidInputException("detect reads time series: give --layout timeseries (a series per "
                    + "--id-column, or per file); score separate sequences with the score job");
        }
        if (local.recipe() == null && local.model().config().window() <= 0) {
            throw new InvalidInputException(model + " was trained on separate sequences; detect needs a model trained "
                    + "on windows of a time series");
        }
        ThresholdStrategy strategy = strategy();
        if (local.recipe() != null && (threshold != null || stride != 1 || smoothing != 1 || padding != 0
                || minLength != 1 || prune != 0 || localWindow != 0 || localStep != null)) {
            throw new InvalidInputException(model + " was trained with recipe " + local.recipe().recipe().name()
                    + ", whose detection settings are its own: leave out --threshold, --stride, --smoothing, --padding, "
                    + "--min-length, --prune, --local-window and --local-step");
        }
        new IntervalDetector(smoothing, padding, minLength, prune); // checks the settings on the driver
        int[] settings = {smoothing, padding, minLength};
        double pruneRatio = prune;
        int s = stride;
        int lw = localWindow;
        Integer ls = localStep;
        return perBatch(steps, 1, SERIES, produced, batch -> {
            SequenceRows.Piece p = batch.get(0);
            ModelBytes.Loaded l = bytes.get();
            List<Row> found = new ArrayList<>();
            Double pointThreshold = null;
            if (l.recipe() != null) {
                TimeSeries ts = new TimeSeries(p.id(), p.timestamps(), p.values(), l.model().featureNames());
                RecipeRun.Detection d = l.recipe().run().detect(l.recipe().trained(), ts);
                boolean dates = TimeSegments.hasDates(p.timestamps());
                for (int k = 0; k < d.intervals().size(); k++) {
                    Interval i = d.intervals().get(k);
                    int[] held = d.points().get(k);
                    found.add(RowFactory.create(held == null ? null : held[0], held == null ? null : held[1],
                            TimeSegments.time(d.spans().get(k).start(), dates),
                            TimeSegments.time(d.spans().get(k).end(), dates),
                            held == null ? null : held[1] - held[0] + 1, null, i.peak(), i.severity(), null));
                }
            } else {
                SeqAutoencoderModel m = l.model();
                IntervalDetector detector = new IntervalDetector(settings[0], settings[1], settings[2], pruneRatio);
                var scores = m.scorePoints(p.id(), p.values(), s, strategy);
                List<Interval> intervals = detector.detect(scores.scores(), scores.threshold(), strategy,
                        m.config().anomaly(), lw, ls);
                for (Interval i : intervals) {
                    double[] shares = SequenceScorer.featureShares(scores.featureErrors(), i.start(), i.end());
                    found.add(RowFactory.create(i.start(), i.end(), stamp(p, i.start()), stamp(p, i.end()), i.length(),
                            i.peakIndex(), i.peak(), i.severity(), SequenceScorer.ranked(m.featureNames(), shares)));
                }
                pointThreshold = lw > 0 ? null : scores.threshold();
            }
            return List.of(RowFactory.create(p.id(), p.values().length, found.size(), pointThreshold,
                    scala.jdk.javaapi.CollectionConverters.asScala(found).toSeq()));
        });
    }

    @Override
    long write(org.apache.spark.sql.SparkSession spark, StagedOutput out, Dataset<Row> result) {
        Dataset<Row> table = result.persist(); // two tables from one pass over the input
        try {
            out.write(table.drop("found"), "series");
            out.write(table.select(col("series"), explode(col("found")).as("i")).select(col("series"), col("i.*")),
                    "intervals");
            return table.count();
        } finally {
            table.unpersist();
        }
    }

    @Override
    String summary(long rows, InputOptions.Steps steps) {
        return "detected intervals in " + rows + " series";
    }

    private static String stamp(SequenceRows.Piece p, int i) {
        return p.timestamps() == null ? null : p.timestamps()[i];
    }
}
