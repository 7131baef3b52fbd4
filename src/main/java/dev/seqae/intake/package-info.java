/**
 * Durable data intake ({@link dev.seqae.intake.RecordStore}): named datasets of sequences or
 * time-series points in a JDBC database (H2 file database by default, PostgreSQL by
 * configuration; Flyway migrations in {@code db/migration}). An append is one transaction: all of
 * it or none, acknowledged only after the commit. {@link dev.seqae.intake.StreamStore} keeps the
 * live streams in the same database: each stream's settings and state, its points, scores and
 * events, one request's worth per transaction, guarded by the stream's version; commits of several
 * streams that arrive together share one transaction ({@link dev.seqae.intake.GroupCommit}). No
 * Micronaut here.
 */
package dev.seqae.intake;
