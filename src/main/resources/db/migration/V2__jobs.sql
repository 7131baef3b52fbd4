-- The service's training jobs, kept across restarts (GET /api/v1/jobs pages through them).
-- seq orders them (newest first = highest); body is the job's answer as JSON.
CREATE TABLE seqae_jobs (
    id          VARCHAR(64)     PRIMARY KEY,
    seq         BIGINT          NOT NULL,
    model       VARCHAR(64)     NOT NULL,
    state       VARCHAR(16)     NOT NULL,
    created_at  TIMESTAMP       NOT NULL,
    body        VARCHAR(100000) NOT NULL
);

CREATE UNIQUE INDEX seqae_jobs_by_seq ON seqae_jobs (seq);
