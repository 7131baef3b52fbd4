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
import dev.seqae.live.LiveStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
                + "with the same options.",
            "With --url the points go to a running service's live stream (PUT /api/v1/streams/{stream}, then POST "
                + ".../points in requests of --batch); run again, it continues (points the stream has are duplicates). "
                + "Exit 2: refused (the service's message); exit 3: the service could not be reached or failed."})
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

    @Option(names = "--url", description = "send the points to this service's live stream instead "
            + "(http://host:port; -m is then the name of the service's model)")
    String url;

    @Option(names = "--stream", description = "with --url: the stream's name (default: the data file's name)")
    String stream;

    @Option(names = "--batch", description = "with --url: points per request (default ${DEFAULT-VALUE})",
            defaultValue = "100")
    int batch;

    @Option(names = "--api-key", description = "with --url: the service's API key (default: the SEQAE_API_KEY "
            + "environment variable)")
    String apiKey;

    @Override
    public Integer call() throws Exception {
        if (url == null && (stream != null || apiKey != null)) {
            throw new InvalidInputException((stream != null ? "--stream" : "--api-key") + " applies with --url only");
        }
        if (batch < 1) {
            throw new InvalidInputException("--batch must be at least 1, got " + batch);
        }
        Dataset dataset = input.readData();
        if (!(dataset instanceof TimeSeries ts)) {
            throw new InvalidInputException(input.data + ": stream needs one time series (layout timeseries)");
        }
        LiveSettings settings = live.settings(scoring.stride, scoring.strategy(), detection);
        List<LiveEvent> events;
        List<LiveStream.Scored> scored;
        String summary;
        if (url != null) {
            String name = stream != null ? stream : streamName(input.data);
            RemoteStream remote = new RemoteStream(url, name, apiKey != null ? apiKey : System.getenv("SEQAE_API_KEY"));
            remote.create(input.model.toString(), settings);
            RemoteStream.Result r = remote.send(ts.timestamps(), ts.values(), batch);
            events = r.events();
            scored = r.points();
            summary = String.format(Locale.ROOT, "%d points sent to stream '%s' at %s: %d taken, %d already there; "
                    + "%d events; the stream is %s", ts.length(), name, url, r.accepted(), r.duplicates(),
                    events.size(), r.state() == null ? "unchanged" : r.state().path("state").asText());
        } else {
            SeqAutoencoderModel m = input.loadModel();
            Sequences.requireTimeSeriesModel(ts, m);
            // one window at a time, as the points arrive
            LiveDetection.Replay replay = LiveDetection.replay(m, ts.source(), ts.timestamps(), ts.values(), settings,
                    1);
            events = replay.events();
            scored = replay.points();
            LiveInterval open = replay.stream().openInterval();
            long opened = events.stream().filter(e -> e.kind() == LiveEvent.Kind.OPENED).count();
            summary = String.format(Locale.ROOT, "%d points streamed, %d scored: %d anomalies opened, %d closed%s",
                    ts.length(), replay.stream().scored(), opened, opened - (open == null ? 0 : 1),
                    open == null ? "" : ", one open since point " + open.start());
        }
        CsvOutput.write(input.out, IntervalRows.EVENT_HEADER, p -> {
            for (LiveEvent e : events) {
                p.printRecord(IntervalRows.row(e));
            }
        });
        if (points != null) {
            IntervalRows.writePoints(points, scored);
        }
        System.err.println(summary);
        return 0;
    }

    /** A stream name from a file name: its base name, characters other than letters, digits, '-', '_' as '-'. */
    static String streamName(Path file) {
        String base = file.getFileName().toString();
        int dot = base.lastIndexOf('.');
        String name = (dot > 0 ? base.substring(0, dot) : base).replaceAll("[^A-Za-z0-9_-]", "-");
        return name.length() > 64 ? name.substring(0, 64) : name;
    }
}
