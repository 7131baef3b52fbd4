package dev.seqae.cli;

import dev.seqae.data.CsvDataReader;
import dev.seqae.data.SequenceSet;
import dev.seqae.data.TimeSeries;
import dev.seqae.io.AtomicFiles;
import dev.seqae.model.SeqAutoencoderModel;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code seqae denoise}: the data file again, in its own layout (header, delimiter, timestamps,
 * labels, ids and other columns kept), with every value replaced by the model's denoised value. A
 * long series is denoised window by window ({@code --stride}) and overlapping windows averaged.
 */
@Command(name = "denoise", mixinStandardHelpOptions = true,
        description = "Write the data with denoised values, in the input's layout, to --out or stdout (best with a "
                + "model trained with --noise/--mask/--spikes). A time series is denoised in the model's windows, "
                + "overlapping windows averaged.")
final class DenoiseCommand implements Callable<Integer> {
    @Mixin
    ModelInput input;

    @Option(names = "--stride", description = "time series: step between windows (default: a quarter of the model's "
            + "window)")
    Integer stride;

    @Override
    public Integer call() throws Exception {
        if (input.out != null) {
            Outputs.file(input.out, "--out");
        }
        SeqAutoencoderModel m = input.loadModel();
        CsvDataReader.Located file = CsvDataReader.readLocated(input.data, input.csv.options());
        List<float[][]> out = denoise(m, file.dataset(), stride);
        if (!m.denoising()) {
            System.err.println("seqae denoise: note: this model was not trained to denoise (no --noise, --mask or "
                    + "--spikes): the output is its plain reconstruction");
        }
        if (input.out == null) {
            PrintStream stdout = System.out;
            Writer w = new OutputStreamWriter(stdout, StandardCharsets.UTF_8);
            file.write(out, w);
            w.flush();
        } else {
            AtomicFiles.write(input.out, os -> {
                Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
                file.write(out, w);
                w.flush();
            });
        }
        int values = out.stream().mapToInt(s -> s.length * (s.length == 0 ? 0 : s[0].length)).sum();
        System.err.printf("denoised %d %s (%d values)%s%n", out.size(), file.dataset() instanceof TimeSeries
                ? "series" : "sequences", values, input.out == null ? "" : " -> " + input.out);
        return 0;
    }

    /** The denoised values of {@code data}: one series, or one entry per sequence. */
    static List<float[][]> denoise(SeqAutoencoderModel m, dev.seqae.data.Dataset data, Integer stride) {
        if (data instanceof TimeSeries ts) {
            return List.<float[][]>of(m.denoiseSeries(ts.source(), ts.values(), stride));
        }
        return m.denoise(((SequenceSet) data).values());
    }
}
