package dev.seqae.cli;

import dev.seqae.model.ModelFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code seqae info MODEL}: the model's manifest (config, thresholds, provenance) as JSON. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print a model's configuration, normaliser, thresholds and provenance as JSON.")
final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "model file")
    Path model;

    @Override
    public Integer call() {
        System.out.println(ModelFile.toJson(ModelFile.readState(model)));
        return 0;
    }
}
