package dev.seqae.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.SyntheticGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: exit codes, messages on stderr, files written or not. */
class CommandLineTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    /** Runs {@code seqae} in this JVM, capturing stdout and stderr (other command tests use it too). */
    static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = SeqaeCommand.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** A small rows-layout file: label, then 20 values per row. */
    private Path rowsFile() throws IOException {
        List<float[][]> seqs = SyntheticGenerator.regular(40, 20, 1, 3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < seqs.size(); i++) {
            sb.append(i < 30 ? "n" : "a");
            for (float[] step : seqs.get(i)) {
                sb.append(',').append(i < 30 ? step[0] : step[0] * 3);
            }
            sb.append('\n');
        }
        Path p = dir.resolve("rows.csv");
        Files.writeString(p, sb);
        return p;
    }

    @Test
    void denoiseWritesTheInputsLayoutBackWithTheModelsValues() throws IOException {
        Path data = rowsFile();
        Path model = dir.resolve("d.seqae");
        Run train = run("train", "--data", data.toString(), "--layout", "rows", "--label-column", "0",
                "--normal-label", "n", "--out", model.toString(), "--encoder", "8", "--decoder", "8", "--latent", "3",
                "--epochs", "2", "--batch", "8", "--noise", "0.3", "--mask", "0.05");
        assertEquals(0, train.code(), train.err());
        Run info = run("info", model.toString());
        assertTrue(info.out().contains("\"noise\" : 0.3,") && info.out().contains("\"mask\" : 0.05,"), info.out());
        assertTrue(info.out().contains("\"denoising\" : \"noise 0.300 sd, mask 0.0500 of steps\""), info.out());
        // rows: label column and row order kept, the values those of SeqAutoencoderModel.denoise
        Run rows = run("denoise", "-m", model.toString(), "-d", data.toString(), "--layout", "rows",
                "--label-column", "0");
        assertEquals(0, rows.code(), rows.err());
        String[] in = Files.readString(data).split("\n");
        String[] out = rows.out().split("\n");
        assertEquals(in.length, out.length);
        var m = dev.seqae.model.ModelFile.load(model);
        var seqs = ((dev.seqae.data.SequenceSet) dev.seqae.data.CsvDataReader.read(data,
                dev.seqae.data.CsvOptions.rows("0"))).values();
        var expected = m.denoise(seqs);
        for (int i = 0; i < in.length; i++) {
            String[] cells = out[i].split(",");
            assertEquals(in[i].split(",")[0], cells[0], "label kept");
            assertEquals(21, cells.length);
            for (int t = 0; t < 20; t++) {
                assertEquals(expected.get(i)[t][0], Float.parseFloat(cells[1 + t]), 0f, "row " + i + " step " + t);
            }
        }
        // a time series with a header and timestamps: both kept, one denoised value per point
        StringBuilder series = new StringBuilder("timestamp,value,note\n");
        for (int i = 0; i < 50; i++) {
            series.append("2026-01-01T00:").append(String.format("%02d", i)).append(",")
                    .append(Math.sin(i / 3.0)).append(",x").append(i).append('\n');
        }
        Path ts = dir.resolve("series.csv");
        Files.writeString(ts, series);
        Path denoised = dir.resolve("series-denoised.csv");
        Run one = run("denoise", "-m", model.toString(), "-d", ts.toString(), "--value-columns", "value", "-o",
                denoised.toString());
        assertEquals(0, one.code(), one.err());
        List<String> lines = Files.readAllLines(denoised);
        assertEquals("timestamp,value,note", lines.get(0));
        assertEquals(51, lines.size());
        assertTrue(lines.get(7).startsWith("2026-01-01T00:06,") && lines.get(7).endsWith(",x6"), lines.get(7));
        assertTrue(one.err().contains("denoised 1 series (50 values)"), one.err());
        // bad input as for scoring: a model of one feature and a file of two, named
        Files.writeString(dir.resolve("two.csv"), "a,b\n1,2\n3,4\n");
        Run wrong = run("denoise", "-m", model.toString(), "-d", dir.resolve("two.csv").toString());
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("2 features, model expects 1"), wrong.err());
    }

    @Test
    void trainScoreEncodeReconstructAndInfoWork() throws IOException {
        Path data = rowsFile();
        Path model = dir.resolve("m.seqae");
        Run train = run("train", "--data", data.toString(), "--layout", "rows", "--label-column", "0",
                "--normal-label", "n", "--out", model.toString(), "--encoder", "8", "--decoder", "8", "--latent", "3",
                "--epochs", "2", "--batch", "8");
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("model written to"), train.out());
        assertTrue(Files.exists(model));

        Path scores = dir.resolve("scores.csv");
        Run score = run("score", "-m", model.toString(), "-d", data.toString(), "--layout", "rows",
                "--label-column", "0", "--normal-label", "n", "-o", scores.toString());
        assertEquals(0, score.code(), score.err());
        assertTrue(score.err().contains("ROC-AUC"), score.err());
        List<String> lines = Files.readAllLines(scores);
        assertEquals("id,label,score,is_anomaly,threshold,top_features", lines.get(0));
        assertEquals(41, lines.size());

        Run encode = run("encode", "-m", model.toString(), "-d", data.toString(), "--layout", "rows",
                "--label-column", "0");
        assertEquals(0, encode.code(), encode.err());
        assertTrue(encode.out().startsWith("id,label,z0,z1,z2\n0,n,"), encode.out());

        Run recon = run("reconstruct", "-m", model.toString(), "-d", data.toString(), "--layout", "rows",
                "--label-column", "0");
        assertEquals(0, recon.code(), recon.err());
        assertEquals(1 + 40 * 20, recon.out().split("\n").length);

        Run info = run("info", model.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("\"dataFingerprint\""), info.out());

        // project: the latent columns round-trip exactly to encode's, x/y are the PCA of them
        Path projected = dir.resolve("pca.csv");
        Run project = run("project", "-m", model.toString(), "-d", data.toString(), "--layout", "rows",
                "--label-column", "0", "--normal-label", "n", "-o", projected.toString());
        assertEquals(0, project.code(), project.err());
        assertTrue(project.err().contains("explained variance: PC1"), project.err());
        assertTrue(project.err().contains("10-NN label agreement, normal vs abnormal"), project.err());
        List<String> rows = Files.readAllLines(projected);
        assertEquals("id,label,score,is_anomaly,z0,z1,z2,x,y", rows.get(0));
        assertEquals(41, rows.size());
        String[] encoded = encode.out().split("\n");
        double[][] latent = new double[40][3];
        for (int i = 0; i < 40; i++) {
            String[] p = rows.get(i + 1).split(",");
            String[] e = encoded[i + 1].split(",");
            for (int j = 0; j < 3; j++) {
                assertEquals(Float.parseFloat(e[2 + j]), Float.parseFloat(p[4 + j]), 0, "row " + i + " z" + j);
                latent[i][j] = Float.parseFloat(p[4 + j]);
            }
        }
        var pca = dev.seqae.projection.Projector.pca(latent, 2);
        for (int i = 0; i < 40; i++) {
            String[] p = rows.get(i + 1).split(",");
            assertEquals(pca.coordinates()[i][0], Double.parseDouble(p[7]), 1e-9);
            assertEquals(pca.coordinates()[i][1], Double.parseDouble(p[8]), 1e-9);
        }
        Run badMethod = run("project", "-m", model.toString(), "-d", data.toString(), "--layout", "rows",
                "--label-column", "0", "--method", "umap");
        assertEquals(2, badMethod.code());
        assertTrue(badMethod.err().contains("method: 'umap' is not one of pca, tsne"), badMethod.err());

        Path png = dir.resolve("loss.png");
        Run plot = run("plot", "loss", "-m", model.toString(), "-o", png.toString(), "--width", "400", "--height",
                "300");
        assertEquals(0, plot.code(), plot.err());
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(400, img.getWidth());
        assertEquals(300, img.getHeight());
        // the registry: add two versions of the trained model, promote, roll back, prune
        Path registry = dir.resolve("registry");
        assertEquals(0, run("models", "add", "m", model.toString(), "--models-dir", registry.toString()).code());
        assertEquals(0, run("models", "add", "m", model.toString(), "--models-dir", registry.toString()).code());
        assertEquals(0, run("models", "promote", "m", "1", "--models-dir", registry.toString()).code());
        assertEquals(0, run("models", "promote", "m", "v2", "--models-dir", registry.toString()).code());
        Run back = run("models", "rollback", "m", "--models-dir", registry.toString());
        assertEquals(0, back.code(), back.err());
        assertTrue(back.out().contains("m: v1 is active again"), back.out());
        Run versions = run("models", "versions", "m", "--models-dir", registry.toString());
        assertTrue(versions.out().startsWith("version,status,"), versions.out());
        assertTrue(versions.out().contains("\n1,active,") && versions.out().contains("\n2,retired,"), versions.out());
        Run list = run("models", "list", "--models-dir", registry.toString());
        assertTrue(list.out().contains("active v1, 2 version(s)"), list.out());
        Run traversal = run("models", "versions", "../etc", "--models-dir", registry.toString());
        assertEquals(2, traversal.code());
        assertTrue(traversal.err().contains("model name '../etc' is not valid"), traversal.err());
        Run noSuch = run("models", "promote", "m", "7", "--models-dir", registry.toString());
        assertEquals(2, noSuch.code());
        assertTrue(noSuch.err().contains("model 'm' has no version 7"), noSuch.err());

        Run plotNoData = run("plot", "latent", "-m", model.toString(), "-o", png.toString());
        assertEquals(2, plotNoData.code());
        assertTrue(plotNoData.err().contains("plot latent needs --data"), plotNoData.err());
    }

    @Test
    void longFormWithVariableLengthsTrainsAndScores() throws IOException {
        StringBuilder sb = new StringBuilder("session,t,cpu,mem\n");
        List<float[][]> seqs = SyntheticGenerator.regular(24, 30, 2, 4);
        for (int i = 0; i < seqs.size(); i++) {
            int len = 18 + i % 13;
            for (int t = 0; t < len; t++) {
                sb.append("s").append(i).append(',').append(t).append(',').append(seqs.get(i)[t][0]).append(',')
                        .append(seqs.get(i)[t][1]).append('\n');
            }
        }
        Path data = dir.resolve("long.csv");
        Files.writeString(data, sb);
        Path model = dir.resolve("long.seqae");
        Run train = run("train", "--data", data.toString(), "--layout", "long", "--id-column", "session",
                "--timestamp-column", "t", "--out", model.toString(), "--encoder", "8", "--decoder", "8",
                "--latent", "3", "--epochs", "2", "--batch", "8");
        assertEquals(0, train.code(), train.err());
        Run score = run("score", "-m", model.toString(), "-d", data.toString(), "--layout", "long", "--id-column",
                "session", "--timestamp-column", "t");
        assertEquals(0, score.code(), score.err());
        assertTrue(score.out().contains("\ns23,,"), score.out());
        assertEquals(25, score.out().split("\n").length);
    }

    @Test
    void timeSeriesTrainsOnWindowsAndScoresEveryPoint() throws IOException {
        var series = SyntheticGenerator.series(400, 2, 5);
        StringBuilder sb = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 400; i++) {
            sb.append(java.time.LocalDateTime.of(2024, 1, 1, 0, 0).plusMinutes(i)).append(',')
                    .append(series.values()[i][0]).append('\n');
        }
        Path data = dir.resolve("series.csv");
        Files.writeString(data, sb);
        Path model = dir.resolve("series.seqae");
        Run train = run("train", "--data", data.toString(), "--window", "20", "--stride", "5", "--out",
                model.toString(), "--encoder", "8", "--decoder", "8", "--latent", "3", "--epochs", "2");
        assertEquals(0, train.code(), train.err());
        Run score = run("score", "-m", model.toString(), "-d", data.toString());
        assertEquals(0, score.code(), score.err());
        String[] lines = score.out().split("\n");
        assertEquals("index,timestamp,value,score,is_anomaly", lines[0]);
        assertEquals(401, lines.length);
        assertTrue(lines[400].startsWith("399,2024-01-01T06:39,"), lines[400]);
        assertTrue(score.err().contains("scored 400 points (381 windows of 20)"), score.err());

        // detect without smoothing, padding or pruning: the runs of points that score flags
        List<String> runs = new java.util.ArrayList<>();
        int from = -1;
        for (int i = 1; i <= 400; i++) {
            boolean flagged = lines[i].endsWith(",true");
            if (flagged && from < 0) {
                from = i - 1;
            }
            boolean next = i < 400 && lines[i + 1].endsWith(",true");
            if (flagged && !next) {
                runs.add(from + "," + (i - 1));
                from = -1;
            }
        }
        assertTrue(!runs.isEmpty(), "the series has flagged points");
        Run detect = run("detect", "-m", model.toString(), "-d", data.toString());
        assertEquals(0, detect.code(), detect.err());
        String[] rows = detect.out().split("\n");
        assertEquals("start,end,start_timestamp,end_timestamp,length,peak_index,peak_score,severity,top_features",
                rows[0]);
        List<String> found = java.util.Arrays.stream(rows).skip(1).map(r -> r.split(",")[0] + "," + r.split(",")[1])
                .toList();
        assertEquals(runs, found);
        assertTrue(detect.err().contains(runs.size() + " anomalous intervals"), detect.err());

        Path json = dir.resolve("intervals.json");
        Path points = dir.resolve("points.csv");
        Run smooth = run("detect", "-m", model.toString(), "-d", data.toString(), "--smoothing", "5", "--padding",
                "2", "--format", "json", "--out", json.toString(), "--points", points.toString());
        assertEquals(0, smooth.code(), smooth.err());
        String doc = Files.readString(json);
        assertTrue(doc.contains("\"point_threshold\"") && doc.contains("\"intervals\""), doc);
        assertEquals(401, Files.readAllLines(points).size());
        assertEquals("index,timestamp,score,smoothed_score", Files.readAllLines(points).get(0));

        Run local = run("detect", "-m", model.toString(), "-d", data.toString(), "--smoothing", "5",
                "--threshold", "dynamic", "--local-window", "100", "--format", "json");
        assertEquals(0, local.code(), local.err());
        assertTrue(local.out().contains("\"local_window\" : 100"), local.out());
        assertTrue(local.err().contains("thresholds refitted on local windows of 100 points"), local.err());
        Run tinyWindow = run("detect", "-m", model.toString(), "-d", data.toString(), "--local-window", "1");
        assertEquals(2, tinyWindow.code());
        assertTrue(tinyWindow.err().contains("local-window must be >= 2, got 1"), tinyWindow.err());
        Run stepAlone = run("detect", "-m", model.toString(), "-d", data.toString(), "--local-step", "5");
        assertEquals(2, stepAlone.code());
        assertTrue(stepAlone.err().contains("local-step needs local-window"), stepAlone.err());

        Run badPadding = run("detect", "-m", model.toString(), "-d", data.toString(), "--padding", "-1");
        assertEquals(2, badPadding.code());
        assertTrue(badPadding.err().contains("padding must be >= 0, got -1"), badPadding.err());
        Run badFormat = run("detect", "-m", model.toString(), "-d", data.toString(), "--format", "xml");
        assertEquals(2, badFormat.code());
        assertTrue(badFormat.err().contains("--format: 'xml' is not one of csv, json"), badFormat.err());
    }

    @Test
    void badDataFileExitsWith2AndWritesNoModel() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "timestamp,value\n2020-01-01,1\n2020-01-02,x1\n");
        Path model = dir.resolve("m.seqae");
        Run r = run("train", "--data", bad.toString(), "--window", "1", "--out", model.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.csv, line 3, column 2: 'x1' is not a number"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(model));
    }

    @Test
    void invalidSettingsAndUnknownThingsExitWith2() throws IOException {
        Path data = rowsFile();
        Run r = run("train", "--data", data.toString(), "--layout", "rows", "--latent", "-3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--latent: latent must be >= 0 (0: no bottleneck), got -3"), r.err());
        Run kind = run("train", "--data", data.toString(), "--layout", "rows", "--decoder-kind", "sideways");
        assertEquals(2, kind.code());
        assertTrue(kind.err().contains("--decoder-kind: unknown value 'sideways' (expected one of repeat, conditional)"),
                kind.err());
        Run missing = run("score", "-m", dir.resolve("none.seqae").toString(), "-d", data.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("model file not found"), missing.err());
        Run suite = run("evaluate", "--suite", "kdd99", "--data-dir", data.toString());
        assertEquals(2, suite.code());
        assertTrue(suite.err().contains("--suite: 'kdd99' is not one of nab, ecg5000, smap-msl, smd, ucr, all"), suite.err());
        Run recipe = run("evaluate", "--suite", "nab", "--data-dir", "datasets/nab", "--recipe", "magic");
        assertEquals(2, recipe.code());
        assertTrue(recipe.err().contains("--recipe: 'magic' is not seqae (seqae's own, per suite) or one of seqae-aer, orion-lstm-ae"), recipe.err());
        Run seeds = run("evaluate", "--suite", "nab", "--data-dir", "datasets/nab", "--seeds", "0");
        assertEquals(2, seeds.code());
        assertTrue(seeds.err().contains("--seeds must be >= 1, got 0"), seeds.err());
        Run cap = run("evaluate", "--suite", "nab", "--data-dir", "datasets/nab", "--max-training-windows", "ucr=x");
        assertEquals(2, cap.code());
        assertTrue(cap.err().contains("--max-training-windows: 'ucr=x' is not N or SUITE=N"), cap.err());
        Run capSuite = run("evaluate", "--suite", "nab", "--data-dir", "datasets/nab", "--max-training-windows",
                "kdd=10");
        assertEquals(2, capSuite.code());
        assertTrue(capSuite.err().contains("'kdd' in 'kdd=10' is not one of nab, smap-msl, smd, ucr"), capSuite.err());
        Run ownAblation = run("evaluate", "--suite", "nab", "--data-dir", "datasets/nab", "--recipe", "seqae",
                "--ablation");
        assertEquals(2, ownAblation.code());
        assertTrue(ownAblation.err().contains("--ablation: recipe seqae is the suite's own seqae recipe, so no step "
                + "differs"), ownAblation.err());
        Run badStep = run("evaluate", "--suite", "nab", "--data-dir", "datasets/nab", "--recipe", "orion-lstm-ae",
                "--ablation", "--ablate", "colour");
        assertEquals(2, badStep.code());
        assertTrue(badStep.err().contains("--ablate: unknown value 'colour'"), badStep.err());
        Run neither = run("info");
        assertEquals(2, neither.code());
        assertTrue(neither.err().contains("give a model file or --recipe NAME"), neither.err());
        Run shown = run("info", "--recipe", "orion-lstm-ae");
        assertEquals(0, shown.code(), shown.err());
        assertTrue(shown.out().contains("\"recipe\" : \"orion-lstm-ae\"") && shown.out().contains("latent=none"),
                shown.out());
        Run own = run("info", "--recipe", "seqae");
        assertEquals(0, own.code(), own.err());
        assertTrue(own.out().contains("\"seqae-nab\"") && own.out().contains("\"seqae-smd\"")
                && !own.out().contains("\"orion-lstm-ae\""), own.out());
        Run unknownOption = run("train", "--data", data.toString(), "--bogus");
        assertEquals(2, unknownOption.code());
        assertTrue(unknownOption.err().startsWith("seqae: error: Unknown option: '--bogus'"), unknownOption.err());
        assertTrue(unknownOption.err().contains("Try 'seqae train --help' for its options."), unknownOption.err());
        assertTrue(unknownOption.err().lines().count() <= 4 && !unknownOption.err().contains("Usage:"),
                "one line and a pointer, not the usage: " + unknownOption.err());
        Run close = run("train", "--data", data.toString(), "--epoch", "3");
        assertEquals(2, close.code());
        assertTrue(close.err().contains("--epochs"), "a close option is suggested: " + close.err());
        Run outUnder = run("train", "--data", data.toString(), "--layout", "rows", "--out", "/proc/nope/x.seqae");
        assertEquals(2, outUnder.code());
        assertTrue(outUnder.err().contains("--out /proc/nope/x.seqae: cannot create the folder /proc/nope"),
                outUnder.err());
        assertTrue(!outUnder.out().contains("epoch"), "nothing trained first: " + outUnder.out());
        Run outFolder = run("train", "--data", data.toString(), "--layout", "rows", "--out", dir.toString());
        assertEquals(2, outFolder.code());
        assertTrue(outFolder.err().contains("--out " + dir + " is a folder; give a file name in it"), outFolder.err());
        Path binary = dir.resolve("weights.bin");
        Files.write(binary, new byte[] {(byte) 0xc3, 0x28, 0x00, (byte) 0xff});
        Run notText = run("train", "--data", binary.toString());
        assertEquals(2, notText.code());
        assertTrue(notText.err().contains("weights.bin") && notText.err().contains("not a text file"), notText.err());
        Run window = run("train", "--data", data.toString(), "--layout", "timeseries", "--window", "100");
        assertEquals(2, window.code());
        assertTrue(window.err().contains("is longer than the series"), window.err());
    }

    @Test
    void anAblationRunsOneRowPerStepAndTrainsOnlyWhereTrainingDiffers() throws IOException {
        // seqae-smd's settings ablated toward NAB's own on the two shipped artificial signals: the
        // combination is the same in both (not run), the layers differ (trained again)
        Path out = dir.resolve("ablation");
        Path published = Files.writeString(dir.resolve("published.csv"), "dataset,pipeline,signal,tp,fp,fn\n"
                + "MSL,lstm_autoencoder,C-1,1,0,1\n");
        Run r = run("evaluate", "--suite", "nab", "--data-dir", "datasets/nab", "--only", "artificialWithAnomaly/",
                "--recipe", "seqae-smd", "--ablation", "--ablate", "combination,layers,error", "--out-dir",
                out.toString(), "--published", published.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("published.csv has no published counts for these signals."), r.out());
        assertFalse(Files.exists(out.resolve("nab-vs-lstm_autoencoder.md")), "no comparison with nothing");
        String table = Files.readString(out.resolve("nab-ablation.md"));
        assertTrue(table.contains("| `+seqae-combination` | not run: the same as seqae in this step | — |"), table);
        assertTrue(table.contains("| `+seqae-error` | not run: the same as seqae in this step | — |"), table);
        assertTrue(table.matches("(?s).*\\| `seqae` \\| \\(baseline\\) \\| \\d\\.\\d{3} \\(\\d+ / \\d+ / \\d+\\) \\|.*"),
                table);
        assertTrue(table.matches("(?s).*\\| `\\+seqae-layers` \\| layers \\| \\d\\.\\d{3} \\(\\d+ / \\d+ / \\d+\\), "
                + "[+-]\\d\\.\\d{3} \\|.*"), table);
        assertTrue(r.out().contains(table), "the suite's report ends with the table");
        try (var folders = Files.list(out.resolve("models").resolve("nab"))) {
            assertEquals(2, folders.count(), "the baseline's models and the layers row's");
        }
        assertTrue(Files.isDirectory(out.resolve("intervals/nab/seqae+seqae-layers-seed42/artificialWithAnomaly")));
    }

    @Test
    void aTimeSeriesWithoutModelOptionsTrainsSeqaesDetector() throws IOException {
        // 260 five-minute points (161 windows of 100): the default recipe, one point per segment; a spike at 200
        StringBuilder sb = new StringBuilder("timestamp,value\n");
        java.time.LocalDateTime t0 = java.time.LocalDateTime.of(2026, 1, 1, 0, 0);
        for (int i = 0; i < 260; i++) {
            double v = Math.sin(i * 2 * Math.PI / 24) + (i == 200 ? 5 : 0);
            sb.append(t0.plusMinutes(5L * i).toString().replace('T', ' ')).append(":00,").append(v).append('\n');
        }
        Path data = Files.writeString(dir.resolve("short.csv"), sb);
        Path model = dir.resolve("default.seqae");
        Run trained = run("train", "-d", data.toString(), "--seed", "3", "-o", model.toString());
        assertEquals(0, trained.code(), trained.err());
        assertTrue(trained.err().contains("training recipe seqae-aer, seqae's detector for time series (segments of "
                + "one point: the median step 300.0"), trained.err());
        assertTrue(trained.out().contains("recipe seqae-aer: 260 points as 260 segments, windows of 100 at stride 1"),
                trained.out());
        Run info = run("info", model.toString());
        assertTrue(info.out().contains("\"name\" : \"seqae-aer\"") && info.out().contains("\"mix\" : \"GUARDED\"")
                && info.out().contains("\"guard\" : 8") && info.out().contains("\"seed\" : 3"), info.out());
        Run detected = run("detect", "-m", model.toString(), "-d", data.toString(), "--format", "json");
        assertEquals(0, detected.code(), detected.err());
        assertTrue(detected.out().contains("\"recipe\" : \"seqae-aer\"") || detected.out().contains("\"recipe\":\"seqae-aer\""),
                detected.out());
        // a series no longer than the recipe's window: what to do instead
        Path shortFile = Files.writeString(dir.resolve("tiny.csv"), String.join("\n", sb.toString().lines().limit(61)
                .toList()) + "\n");
        Run tooShort = run("train", "-d", shortFile.toString(), "-o", dir.resolve("t.seqae").toString());
        assertEquals(2, tooShort.code());
        assertTrue(tooShort.err().contains("60 points, too few for seqae's detector (recipe seqae-aer, windows of "
                + "100): train a plain model with --window N"), tooShort.err());
        // a model option, or --recipe none, trains a plain model
        Path plain = dir.resolve("plain.seqae");
        Run none = run("train", "-d", data.toString(), "--recipe", "none", "-o", plain.toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("training on a time series needs a window length (--window)"), none.err());
        Run windowed = run("train", "-d", data.toString(), "--window", "20", "--epochs", "1", "-o", plain.toString());
        assertEquals(0, windowed.code(), windowed.err());
        assertFalse(run("info", plain.toString()).out().contains("\"recipe\""), "a plain model has no recipe");
    }

    @Test
    void aRecipeTrainsIsSavedWithTheModelAndDetectsAsItSays() throws IOException {
        // five-minute points, a spike at rows 400-401; the recipe averages 10-minute segments (2 points each), and at
        // most 100 of the 201 training windows means stride 3 (101 windows at stride 2 would be one too many)
        StringBuilder sb = new StringBuilder("timestamp,value\n");
        java.time.LocalDateTime t0 = java.time.LocalDateTime.of(2026, 1, 1, 0, 0);
        for (int i = 0; i < 600; i++) {
            double v = Math.sin(i * 2 * Math.PI / 48) + (i == 400 || i == 401 ? 6 : 0);
            sb.append(t0.plusMinutes(5L * i).toString().replace('T', ' ')).append(":00,").append(v).append('\n');
        }
        Path data = dir.resolve("series.csv");
        Files.writeString(data, sb);
        Path model = dir.resolve("orion.seqae");
        Run noInterval = run("train", "-d", data.toString(), "--recipe", "orion-lstm-ae", "-o", model.toString());
        assertEquals(2, noInterval.code());
        assertTrue(noInterval.err().contains("--interval is needed: recipe orion-lstm-ae averages time segments"),
                noInterval.err());
        Run mixed = run("train", "-d", data.toString(), "--recipe", "orion-lstm-ae", "--interval", "600",
                "--encoder", "8", "-o", model.toString());
        assertEquals(2, mixed.code());
        assertTrue(mixed.err().contains("--encoder cannot be combined with --recipe"), mixed.err());
        assertFalse(Files.exists(model));

        Run trained = run("train", "-d", data.toString(), "--recipe", "orion-lstm-ae", "--interval", "600",
                "--max-training-windows", "100", "--seed", "7", "-o", model.toString());
        assertEquals(0, trained.code(), trained.err());
        assertTrue(trained.out().contains("600 points as 300 segments, windows of 100 at stride 3"), trained.out());
        Run info = run("info", model.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("\"recipe\" : {") && info.out().contains("\"name\" : \"orion-lstm-ae\"")
                && info.out().contains("\"interval\" : 600.0") && info.out().contains("\"seed\" : 7"), info.out());

        Path found = dir.resolve("found.csv");
        Run detected = run("detect", "-m", model.toString(), "-d", data.toString(), "--recipe", "orion-lstm-ae",
                "-o", found.toString());
        assertEquals(0, detected.code(), detected.err());
        List<String> lines = Files.readAllLines(found);
        assertEquals("start,end,start_time,end_time,segments,peak_error,score", lines.get(0));
        // the spike's segment (rows 400-401, 2026-01-02 09:20) is inside a detected interval
        assertTrue(lines.stream().skip(1).map(l -> l.split(",")).anyMatch(f -> !f[0].isEmpty()
                && Integer.parseInt(f[0]) <= 400 && Integer.parseInt(f[1]) >= 401), lines.toString());

        Run lowerOnOwn = run("train", "-d", data.toString(), "--recipe", "seqae-nab", "--lower-threshold", "-o",
                dir.resolve("x.seqae").toString());
        assertEquals(2, lowerOnOwn.code());
        assertTrue(lowerOnOwn.err().contains("--lower-threshold: recipe seqae-nab: a lower threshold needs the "
                + "find_anomalies detector"), lowerOnOwn.err());
        Run lowerAlone = run("train", "-d", data.toString(), "--layout", "timeseries", "--recipe", "none",
                "--lower-threshold", "-o", dir.resolve("x.seqae").toString());
        assertEquals(2, lowerAlone.code());
        assertTrue(lowerAlone.err().contains("--lower-threshold goes with a recipe (a detection recipe's setting), not "
                + "with --recipe none"), lowerAlone.err());
        Run lowerPlain = run("train", "-d", data.toString(), "--window", "20", "--lower-threshold", "-o",
                dir.resolve("x.seqae").toString());
        assertEquals(2, lowerPlain.code());
        assertTrue(lowerPlain.err().contains("--lower-threshold goes with a recipe"), lowerPlain.err());
        Path lower = dir.resolve("lower.seqae");
        Run lowerTrained = run("train", "-d", data.toString(), "--recipe", "orion-lstm-ae", "--interval", "600",
                "--max-training-windows", "20", "--lower-threshold", "-o", lower.toString());
        assertEquals(0, lowerTrained.code(), lowerTrained.err());
        Run lowerInfo = run("info", lower.toString());
        assertTrue(lowerInfo.out().contains("\"name\" : \"orion-lstm-ae+lower\"")
                && lowerInfo.out().contains("\"lower\" : true"), lowerInfo.out());

        Run other = run("detect", "-m", model.toString(), "-d", data.toString(), "--recipe", "seqae-nab");
        assertEquals(2, other.code());
        assertTrue(other.err().contains("was trained with recipe orion-lstm-ae"), other.err());
        Run smoothing = run("detect", "-m", model.toString(), "-d", data.toString(), "--smoothing", "5");
        assertEquals(2, smoothing.code());
        assertTrue(smoothing.err().contains("--smoothing: ") && smoothing.err().contains("was trained with a recipe"),
                smoothing.err());
    }

    @Test
    void shippedConfigurationFileLoadsAsTheLauncherPassesIt() {
        String key = "micronaut.config.files";
        System.setProperty(key, "config/application.yml");
        try {
            Run r = run("--version");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().startsWith("seqae "), r.out());
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : List.of("train", "score", "detect", "encode", "reconstruct", "evaluate", "info", "bench",
                "project", "plot", "serve", "models",
                "quickstart")) {
            Run r = run(cmd, "--help");
            assertEquals(0, r.code(), cmd);
            assertTrue(r.out().contains("Usage: seqae " + cmd), r.out());
        }
    }
}
