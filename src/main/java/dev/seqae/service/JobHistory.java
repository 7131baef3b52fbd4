package dev.seqae.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where training jobs are kept, so that the job list survives a restart: every state change of a
 * job is saved; jobs are ordered by a sequence number (newest = highest). No Micronaut here.
 */
public interface JobHistory {
    /** Saves (inserts or replaces) a job's answer under its sequence number. */
    void save(long seq, TrainingJobs.View job);

    /** One job. */
    Optional<TrainingJobs.View> get(String id);

    /** Up to {@code limit} jobs with a sequence number below {@code before} (null: from the newest), newest first. */
    List<Entry> page(int limit, Long before);

    /** The highest sequence number saved, 0 when none. */
    long maxSeq();

    /**
     * Marks every job still queued or running (left so by a stop) as interrupted, with {@code reason}
     * and {@code at} as its end; returns how many.
     */
    int interruptOpen(String reason, Instant at);

    /** Deletes ended jobs beyond the newest {@code keep}, and ended jobs created before {@code before} (null: none). */
    int retain(int keep, Instant before);

    /** A saved job with its sequence number. */
    record Entry(long seq, TrainingJobs.View job) {
    }
}
