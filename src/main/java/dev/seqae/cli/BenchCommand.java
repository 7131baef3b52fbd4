package dev.seqae.cli;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.bench.ProjectionBenchmark;
import dev.seqae.bench.ScalingBenchmark;
import dev.seqae.bench.ServiceLoad;
import dev.seqae.bench.StreamLoad;
import dev.seqae.bench.TrainingBenchmark;
import dev.seqae.data.Dataset;
import dev.seqae.data.SequenceSet;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.io.AtomicFiles;
import dev.seqae.model.ModelFile;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Engine;
import dev.seqae.model.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqae bench}: one JSON line of training and scoring throughput on the reference shape. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark training and scoring on the peer benchmark's shape and data; prints one JSON line.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--epochs", description = "timed epochs (default ${DEFAULT-VALUE})", defaultValue = "3")
    int epochs;

    @Option(names = "--sequences", description = "training sequences (default ${DEFAULT-VALUE})", defaultValue = "4096")
    int sequences;

    @Option(names = "--timesteps", description = "steps per sequence (default ${DEFAULT-VALUE})", defaultValue = "64")
    int steps;

    @Option(names = "--hidden", description = "LSTM size (default ${DEFAULT-VALUE})", defaultValue = "64")
    int hidden;

    @Option(names = "--bidirectional", description = "both LSTMs bidirectional, --hidden units per direction (the "
            + "peer benchmark's --bidirectional shape)")
    boolean bidirectional;

    @Option(names = "--batch", description = "training batch (default ${DEFAULT-VALUE})", defaultValue = "64")
    int batch;

    @Option(names = "--window-s", description = "seconds per scoring window (default ${DEFAULT-VALUE})",
            defaultValue = "1.0")
    double windowSeconds;

    @Option(names = "--engine", description = "training engine: fast or samediff (default ${DEFAULT-VALUE})",
            defaultValue = "fast")
    String engine;

    @Option(names = "--threads", description = "Java threads: training shards, concurrent scoring callers "
            + "(default ${DEFAULT-VALUE}; keep OMP_NUM_THREADS=1)", defaultValue = "1")
    int threads;

    @Option(names = "--scaling", description = "instead: epoch time against steps 32..256 and hidden 32..256, "
            + "one JSON line and a PNG figure (--plot)")
    boolean scaling;

    @Option(names = "--plot", description = "with --scaling: the PNG to write (default ${DEFAULT-VALUE})",
            defaultValue = "out/bench/scaling.png")
    Path plot;

    @Option(names = "--projection", description = "instead: PCA of 10,000 and t-SNE of 2,000 latent vectors of "
            + "size 16 (seconds)")
    boolean projection;

    @Option(names = "--score-model", description = "instead: in-process scoring throughput of this saved model on "
            + "--score-data at batch 1 and 32 (bin/bench-service's reference)")
    Path scoreModel;

    @Option(names = "--score-data", description = "with --score-model: the sequences to score (read with the "
            + "--layout/--label-column options)")
    Path scoreData;

    @Mixin
    CsvOptionsMixin csv;

    @Option(names = "--service-cost", description = "instead: start the service (a child process on loopback) "
            + "and measure scoring latency alone and beside heavy requests sent without a key, the heavy answers by "
            + "status, and the service's memory")
    boolean serviceCost;

    @Option(names = "--service-sustained", description = "instead: start the service and send it mixed scoring, "
            + "detect and intake traffic at --rate requests a second for --minutes; errors, latency, memory drift")
    boolean serviceSustained;

    @Option(names = "--service-streams", description = "instead: start the service and feed --streams live streams "
            + "at once, --points-per-request points at a time, paced to --rate points a second, for --seconds; "
            + "points/s, windows/s, request latency; then the memory per stream up to --memory-streams")
    boolean serviceStreams;

    @Option(names = "--streams", description = "with --service-streams (default ${DEFAULT-VALUE})", defaultValue = "1000")
    int streams;

    @Option(names = "--points-per-request", description = "with --service-streams (default ${DEFAULT-VALUE})",
            defaultValue = "10")
    int pointsPerRequest;

    @Option(names = "--stream-stride", description = "with --service-streams: the streams' stride, a window "
            + "scored every this many points (default ${DEFAULT-VALUE})", defaultValue = "1")
    int streamStride;

    @Option(names = "--clients", description = "with --service-streams: connections (default ${DEFAULT-VALUE})",
            defaultValue = "32")
    int clients;

    @Option(names = "--warmup", description = "with --service-streams: seconds of the same load before the timed "
            + "run, not counted (default ${DEFAULT-VALUE})", defaultValue = "10")
    int warmup;

    @Option(names = "--memory-streams", description = "with --service-streams: streams at the end of the memory "
            + "phase, 0 to skip it (default ${DEFAULT-VALUE})", defaultValue = "10000")
    int memoryStreams;

    @Option(names = "--minutes", description = "with --service-sustained (default ${DEFAULT-VALUE})", defaultValue = "10")
    double minutes;

    @Option(names = "--rate", description = "with --service-sustained: requests a second (default 10); with "
            + "--service-streams: points a second (default 10000)")
    Double rateOption;

    @Option(names = "--heavy-clients", description = "with --service-cost: clients sending heavy requests "
            + "(default ${DEFAULT-VALUE})", defaultValue = "8")
    int heavyClients;

    @Option(names = "--seconds", description = "with --service-cost: how long the heavy clients send; with "
            + "--service-streams: how long the streams are fed (default "
            + "${DEFAULT-VALUE})", defaultValue = "60")
    int seconds;

    @Option(names = "--heap", description = "with --service-*: the service's -Xmx (default ${DEFAULT-VALUE})",
            defaultValue = "4g")
    String heap;

    @Option(names = "--port", description = "with --service-*: the loopback port (default ${DEFAULT-VALUE})",
            defaultValue = "18080")
    int port;

    @Option(names = "--server-option", description = "with --service-*: a -D setting for the service (repeatable), "
            + "e.g. -Dseqae.limits.heavy.workers=1")
    List<String> serverOptions;

    @Override
    public Integer call() throws Exception {
        if (serviceCost || serviceSustained || serviceStreams) {
            double rate = rateOption != null ? rateOption : serviceStreams ? 10_000 : 10;
            if (minutes <= 0 || rate <= 0 || heavyClients < 1 || seconds < 1) {
                throw new InvalidInputException("--minutes, --rate, --heavy-clients and --seconds must be > 0");
            }
            if (warmup < 0) {
                throw new InvalidInputException("--warmup must be >= 0 seconds, got " + warmup);
            }
            if (streams < 1 || pointsPerRequest < 1 || clients < 1 || clients > streams || memoryStreams < 0
                    || streamStride < 1 || streamStride > 32
                    || memoryStreams > 10_000) {
                throw new InvalidInputException("--streams, --points-per-request, --clients and --stream-stride must be "
                        + ">= 1 (--stream-stride at most the model's window, 32), --clients "
                        + "at most --streams, --memory-streams between 0 and 10000 (the service's default "
                        + "seqae.streams.max-streams)");
            }
            Path jar = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(jar)) {
                throw new InvalidInputException("--service-cost, --service-sustained and --service-streams start the service from the seqae "
                        + "jar; run them through bin/seqae (this is " + jar + ")");
            }
            try (ServiceLoad load = new ServiceLoad(jar, port, heap, serverOptions == null ? List.of() : serverOptions)) {
                Map<String, Object> json = serviceCost ? load.cost(1000, heavyClients, seconds)
                        : serviceStreams ? new StreamLoad(load, streamStride).run(streams, pointsPerRequest, rate,
                        warmup, seconds, clients, memoryStreams)
                        : load.sustained(minutes, rate);
                System.out.println(JsonMapper.builder().build().writeValueAsString(json));
            }
            return 0;
        }
        if (projection) {
            System.out.println(JsonMapper.builder().build().writeValueAsString(ProjectionBenchmark.run()));
            return 0;
        }
        if (scoreModel != null) {
            if (scoreData == null) {
                throw new InvalidInputException("--score-model needs --score-data");
            }
            SeqAutoencoderModel m = ModelFile.load(scoreModel);
            Dataset d = csv.read(scoreData);
            List<float[][]> data = d instanceof SequenceSet set ? set.values()
                    : List.<float[][]>of(((TimeSeries) d).values());
            Map<String, Object> json = TrainingBenchmark.scoreModel(m, data, new int[] {1, 32}, windowSeconds,
                    threads);
            json.put("model", scoreModel.toString());
            System.out.println(JsonMapper.builder().build().writeValueAsString(json));
            return 0;
        }
        if (scaling) {
            System.setProperty("java.awt.headless", "true");
            Map<String, List<ScalingBenchmark.Point>> result = ScalingBenchmark.run(sequences,
                    new int[] {32, 64, 128, 256}, new int[] {32, 64, 128, 256});
            AtomicFiles.write(plot, out -> ScalingBenchmark.plot(result, out));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("bench", "scaling");
            json.put("sequences", sequences);
            json.put("batch", 64);
            json.put("omp_num_threads_env", System.getenv("OMP_NUM_THREADS"));
            json.put("epoch_seconds_by_steps", result.get("steps"));
            json.put("epoch_seconds_by_hidden", result.get("hidden"));
            json.put("plot", plot.toString());
            System.out.println(JsonMapper.builder().build().writeValueAsString(json));
            return 0;
        }
        var r = TrainingBenchmark.Settings.reference();
        var s = new TrainingBenchmark.Settings(batch, steps, r.features(), hidden, r.latent(), sequences, epochs,
                r.warmupEpochs(), r.inferBatches(), windowSeconds, r.seed(),
                Options.parseEnum(Engine.class, "--engine", engine), threads, bidirectional);
        System.out.println(TrainingBenchmark.runJson(s));
        return 0;
    }
}
