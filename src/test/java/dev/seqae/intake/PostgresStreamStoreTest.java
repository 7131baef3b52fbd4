package dev.seqae.intake;

import javax.sql.DataSource;

/** The stream store on PostgreSQL (see {@link PostgresRecordStoreTest} for the server it needs). */
class PostgresStreamStoreTest extends StreamStoreContract {
    @Override
    DataSource emptyDatabase() throws Exception {
        return PostgresRecordStoreTest.freshSchema();
    }
}
