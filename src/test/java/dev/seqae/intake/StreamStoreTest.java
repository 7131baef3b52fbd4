package dev.seqae.intake;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;

/** The stream store on an H2 file database, as the service uses it by default. */
class StreamStoreTest extends StreamStoreContract {
    @TempDir
    Path dir;

    @Override
    DataSource emptyDatabase() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("intake") + dev.seqae.intake.RecordStore.H2_OPTIONS);
        return ds;
    }
}
