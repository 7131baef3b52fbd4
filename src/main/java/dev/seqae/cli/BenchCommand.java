package dev.seqae.cli;

import dev.seqae.bench.TrainingBenchmark;
import dev.seqae.model.Engine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

    @Option(names = "--batch", description = "training batch (default ${DEFAULT-VALUE})", defaultValue = "64")
    int batch;

    @Option(names = "--window-s", description = "seconds per scoring window (default ${DEFAULT-VALUE})",
            defaultValue = "1.0")
    double windowSeconds;

    @Option(names = "--engine", description = "training engine: fast or samediff (default ${DEFAULT-VALUE})",
            defaultValue = "fast")
    String engine;

    @Override
    public Integer call() {
        var r = TrainingBenchmark.Settings.reference();
        var s = new TrainingBenchmark.Settings(batch, steps, r.features(), hidden, r.latent(), sequences, epochs,
                r.warmupEpochs(), r.inferBatches(), windowSeconds, r.seed(),
                Options.parseEnum(Engine.class, "--engine", engine));
        System.out.println(TrainingBenchmark.runJson(s));
        return 0;
    }
}
