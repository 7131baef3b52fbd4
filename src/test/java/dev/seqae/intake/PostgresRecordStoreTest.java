package dev.seqae.intake;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The intake store on PostgreSQL, at {@code SEQAE_TEST_POSTGRES_URL} (user and password in
 * {@code SEQAE_TEST_POSTGRES_USER} / {@code _PASSWORD}); each test gets a fresh schema. Without the
 * URL the tests are skipped and say so; {@code .ci/run} starts a server and sets
 * {@code SEQAE_TEST_POSTGRES_REQUIRED=1}, which turns a missing or unreachable server into a failure.
 */
class PostgresRecordStoreTest extends RecordStoreContract {
    @Override
    RecordStore emptyStore() throws Exception {
        return new RecordStore(freshSchema());
    }

    /**
     * A data source on a new, empty schema of the test server; the test is skipped (or fails,
     * when the server is required) without one.
     */
    static javax.sql.DataSource freshSchema() throws Exception {
        String url = System.getenv("SEQAE_TEST_POSTGRES_URL");
        boolean required = "1".equals(System.getenv("SEQAE_TEST_POSTGRES_REQUIRED"));
        if (url == null || url.isBlank()) {
            if (required) {
                fail("SEQAE_TEST_POSTGRES_REQUIRED=1 but SEQAE_TEST_POSTGRES_URL is not set");
            }
            Assumptions.abort("PostgreSQL tests skipped: set SEQAE_TEST_POSTGRES_URL (e.g. "
                    + "jdbc:postgresql://127.0.0.1:25432/postgres) and SEQAE_TEST_POSTGRES_USER, or run .ci/run, "
                    + "which starts a server");
        }
        PGSimpleDataSource admin = source(url, null);
        String schema = "seqae_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (java.sql.SQLException e) {
            if (required) {
                throw e;
            }
            Assumptions.abort("PostgreSQL tests skipped: " + url + " is not reachable (" + e.getMessage() + ")");
        }
        return source(url, schema);
    }

    private static PGSimpleDataSource source(String url, String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        String user = System.getenv("SEQAE_TEST_POSTGRES_USER");
        if (user != null) {
            ds.setUser(user);
        }
        String password = System.getenv("SEQAE_TEST_POSTGRES_PASSWORD");
        if (password != null) {
            ds.setPassword(password);
        }
        if (schema != null) {
            ds.setCurrentSchema(schema);
        }
        return ds;
    }
}
