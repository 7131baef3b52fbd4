package dev.seqae.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.SyntheticGenerator;
import dev.seqae.model.ModelFile;
import dev.seqae.registry.VersionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train-many in local[2]: each entity's model equals {@code seqae train}'s on that entity's data
 * with the same settings and seed (the same parameters, bit for bit); an entity with too few
 * points or a bad value gets a row saying so and the others are trained; the models land in a
 * registry folder the service serves.
 */
class SparkTrainManyTest {
    @TempDir
    Path dir;

    @Test
    void oneModelPerEntityEqualToSeqaeTrainAndFailuresAsRows() throws IOException {
        StringBuilder all = new StringBuilder("host,timestamp,value\n");
        String[] hosts = {"web-1", "web-2", "db/primary"};
        for (int h = 0; h < hosts.length; h++) {
            var s = SyntheticGenerator.series(240, 1, 20 + h);
            StringBuilder one = new StringBuilder("timestamp,value\n");
            for (int i = 0; i < 240; i++) {
                String line = (1_700_000_000L + 60L * i) + "," + s.values()[i][0];
                one.append(line).append('\n');
                all.append(hosts[h]).append(',').append(line).append('\n');
            }
            Files.writeString(dir.resolve("host" + h + ".csv"), one);
        }
        for (int i = 0; i < 10; i++) {
            all.append("tiny,").append(1_700_000_000L + 60L * i).append(",0.5\n");
        }
        for (int i = 0; i < 240; i++) {
            all.append("broken,").append(1_700_000_000L + 60L * i).append(',').append(i == 17 ? "n/a" : "0.25").append('\n');
        }
        Path input = dir.resolve("hosts.csv");
        Files.writeString(input, all);
        Path out = dir.resolve("many");
        Path registry = dir.resolve("registry");
        var job = LocalSpark.job(new TrainManyJob(), "--input", input.toString(), "--layout", "timeseries",
                "--id-column", "host", "--set", "window=20", "--set", "stride=5", "--set", "encoder=8",
                "--set", "decoder=8", "--set", "latent=3", "--set", "epochs=3", "--set", "seed=9",
                "--min-points", "50", "--registry", registry.toString(), "--output", out.toString());
        assertEquals(0, job.code(), job.err());
        assertTrue(job.err().contains("5 entities, 3 trained, 2 not"), job.err());
        Map<String, Row> summary = LocalSpark.table(out.resolve("summary"), "parquet", "entity");
        Row tiny = summary.get("tiny|");
        assertEquals("skipped", tiny.getString(tiny.fieldIndex("status")));
        assertEquals("10 points, fewer than --min-points 50", tiny.getString(tiny.fieldIndex("reason")));
        Row broken = summary.get("broken|");
        assertEquals("failed", broken.getString(broken.fieldIndex("status")));
        assertTrue(broken.getString(broken.fieldIndex("reason")).contains("id broken, step 17 (1700001020), column "
                + "value: empty or not a number"), broken.getString(broken.fieldIndex("reason")));

        VersionStore store = new VersionStore(registry);
        String[] expected = new String[hosts.length];
        for (int h = 0; h < hosts.length; h++) {
            Row r = summary.get(hosts[h] + "|");
            assertEquals("ok", r.getString(r.fieldIndex("status")), String.valueOf(r));
            assertNull(r.get(r.fieldIndex("reason")));
            assertEquals(240L, r.getLong(r.fieldIndex("points")));
            assertEquals(9L, r.getLong(r.fieldIndex("seed")));
            String model = r.getString(r.fieldIndex("model"));
            Path local = dir.resolve("local" + h + ".seqae");
            var train = LocalSpark.seqae("train", "--data", dir.resolve("host" + h + ".csv").toString(), "--window", "20",
                    "--stride", "5", "--encoder", "8", "--decoder", "8", "--latent", "3", "--epochs", "3", "--seed",
                    "9", "--out", local.toString());
            assertEquals(0, train.code(), train.err());
            expected[h] = ModelFile.readState(local).paramsSha256();
            assertEquals(expected[h], ModelFile.readState(out.resolve("models").resolve(model + ".seqae"))
                    .paramsSha256(), hosts[h]);
            assertEquals(1, store.active(model).orElseThrow());
            assertEquals(expected[h], ModelFile.readState(store.file(model, 1)).paramsSha256());
        }
        assertEquals("db_primary-" + TrainManyJob.modelName("db/primary").substring(11),
                summary.get("db/primary|").getString(1));

        // a series per file (each file read whole): the same models; a file with a bad cell fails alone
        Files.writeString(dir.resolve("host9.csv"), "timestamp,value\n1700000000,0.5\n1700000060,\n");
        Path perFile = dir.resolve("many-files");
        var files = LocalSpark.job(new TrainManyJob(), "--input", dir.resolve("host[0-9].csv").toString(), "--layout",
                "timeseries", "--set", "window=20", "--set", "stride=5", "--set", "encoder=8", "--set", "decoder=8",
                "--set", "latent=3", "--set", "epochs=3", "--set", "seed=9", "--partitions", "2", "--output",
                perFile.toString());
        assertEquals(0, files.code(), files.err());
        Map<String, Row> byFile = LocalSpark.table(perFile.resolve("summary"), "parquet", "entity");
        for (int h = 0; h < hosts.length; h++) {
            Row r = byFile.get("host" + h + ".csv|");
            assertEquals("ok", r.getString(r.fieldIndex("status")), String.valueOf(r));
            assertEquals(expected[h], ModelFile.readState(perFile.resolve("models")
                    .resolve(r.getString(r.fieldIndex("model")) + ".seqae")).paramsSha256(), "host" + h + ".csv");
        }
        Row bad = byFile.get("host9.csv|");
        assertEquals("failed", bad.getString(bad.fieldIndex("status")));
        assertTrue(bad.getString(bad.fieldIndex("reason")).endsWith("host9.csv, line 3, column 2: empty cell (column "
                + "'value'); NaN, infinity and empty cells are not values"), bad.getString(bad.fieldIndex("reason")));
    }

    @Test
    void settingsAreCheckedOnTheDriver() {
        Path out = dir.resolve("never");
        var noWindow = LocalSpark.job(new TrainManyJob(), "--input", "x.csv", "--layout", "timeseries", "--id-column",
                "host", "--output", out.toString());
        assertEquals(2, noWindow.code());
        assertTrue(noWindow.err().contains("give the model's window (--set window=N) or a --recipe"), noWindow.err());
        var unknown = LocalSpark.job(new TrainManyJob(), "--input", "x.csv", "--layout", "timeseries", "--id-column",
                "host", "--set", "widow=20", "--output", out.toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("--set widow: unknown setting 'widow'"), unknown.err());
        var noEntity = LocalSpark.job(new TrainManyJob(), "--input", "x.csv", "--layout", "rows", "--set", "epochs=2",
                "--output", out.toString());
        assertEquals(2, noEntity.code());
        assertTrue(noEntity.err().contains("--entity-column is needed with --layout rows"), noEntity.err());
        assertTrue(!Files.exists(out));
    }
}
