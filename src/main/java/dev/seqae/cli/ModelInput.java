package dev.seqae.cli;

import dev.seqae.data.Dataset;
import dev.seqae.model.ModelFile;
import dev.seqae.model.SeqAutoencoderModel;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of every command that applies a model to a data file: model, data, output, reading. */
final class ModelInput {
    @Option(names = {"-m", "--model"}, required = true, description = "model file")
    Path model;

    @Option(names = {"-d", "--data"}, required = true, description = "data (CSV/TSV)")
    Path data;

    @Option(names = {"-o", "--out"}, description = "CSV file to write (default: stdout)")
    Path out;

    @Mixin
    CsvOptionsMixin csv;

    SeqAutoencoderModel loadModel() {
        return ModelFile.load(model);
    }

    Dataset readData() {
        return csv.read(data);
    }
}
