package dev.seqae.intake;

import java.nio.file.Path;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;

/** The intake store on an H2 file database, as the service uses it by default. */
class RecordStoreTest extends RecordStoreContract {
    @TempDir
    Path dir;

    @Override
    RecordStore emptyStore() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("intake") + dev.seqae.intake.RecordStore.H2_OPTIONS);
        return new RecordStore(ds);
    }
}
