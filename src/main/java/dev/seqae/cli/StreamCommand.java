package dev.seqae.cli;

import dev.seqae.data.Dataset;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.live.LiveDetection;
import dev.seqae.live.LiveEvent;
import dev.seqae.live.LiveInterval;
import dev.seqae.live.LiveSettings;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Sequences;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code seqae stream}: a time series replayed point by point through a live stream, as the
 * service's streams take points: each window scored as the point that ends it arrives, one at a
 * time; the events (an anomaly opened, closed) as they happen.
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = {"Replay a time series point by point through live detection: every point scored as it "
            + "arrives, the causal smoothed score against the threshold, anomalies opened and closed.",
            "The events (CSV) go to --out or stdout, a summary to stderr. The intervals equal seqae detect --causal's "
                + "with the same options."})
final class StreamCommand implements Callable<Integer> {
    @Mixin
    ModelInput input;

    @Mixin
    ScoringOptions scoring;

    @Mixin
    DetectionOptions detection;

    @Mixin
    LiveOptions live;

    @Option(names = "--points", description = "also write every point's score, smoothed score, threshold and "
            + "state to this CSV")
    Path points;

    @Override
    public Integer call() throws Exception {
        SeqAutoencoderModel m = input.loadModel();
        Dataset dataset = input.readData();
        if (!(dataset instanceof TimeSeries ts)) {
            throw new InvalidInputException(input.data + ": stream needs one time series (layout timeseries)");
        }
        Sequences.requireTimeSeriesModel(ts, m);
        LiveSettings settings = live.settings(scoring.stride, scoring.strategy(), detection);
        // one window at a time, as the points arrive
        LiveDetection.Replay replay = LiveDetection.replay(m, ts.source(), ts.timestamps(), ts.values(), settings, 1);
        CsvOutput.write(input.out, IntervalRows.EVENT_HEADER, p -> {
            for (LiveEvent e : replay.events()) {
                p.printRecord(IntervalRows.row(e));
            }
        });
        if (points != null) {
            IntervalRows.writePoints(points, replay.points());
        }
        LiveInterval open = replay.stream().openInterval();
        long opened = replay.events().stream().filter(e -> e.kind() == LiveEvent.Kind.OPENED).count();
        System.err.printf("%d points streamed, %d scored: %d anomalies opened, %d closed%s%n", ts.length(),
                replay.stream().scored(), opened, opened - (open == null ? 0 : 1),
                open == null ? "" : ", one open since point " + open.start());
        return 0;
    }
}
