-- Live streams: each stream's settings and state (recent points, smoothing, threshold, the open
-- anomaly) as JSON, updated in the same transaction as the points it took, their scores and the
-- events they made; version guards against two writers.
CREATE TABLE seqae_streams (
    name        VARCHAR(64)      PRIMARY KEY,
    model       VARCHAR(64)      NOT NULL,
    settings    VARCHAR(4000)    NOT NULL,
    state       VARCHAR(4000000) NOT NULL,
    points      BIGINT           NOT NULL,
    events      BIGINT           NOT NULL,
    version     BIGINT           NOT NULL,
    created_at  TIMESTAMP        NOT NULL,
    updated_at  TIMESTAMP        NOT NULL
);

-- every accepted point (duplicates of points older than the recent window are found here)
CREATE TABLE seqae_stream_points (
    stream      VARCHAR(64)      NOT NULL,
    idx         BIGINT           NOT NULL,
    ts          VARCHAR(64)      NOT NULL,
    ts_key      DOUBLE PRECISION NOT NULL,
    vals        VARCHAR(100000)  NOT NULL,
    PRIMARY KEY (stream, idx)
);

CREATE INDEX seqae_stream_points_by_time ON seqae_stream_points (stream, ts_key);

-- every scored point's outcome
CREATE TABLE seqae_stream_scores (
    stream      VARCHAR(64)      NOT NULL,
    idx         BIGINT           NOT NULL,
    score       DOUBLE PRECISION NOT NULL,
    smoothed    DOUBLE PRECISION NOT NULL,
    threshold   DOUBLE PRECISION NOT NULL,
    above       BOOLEAN          NOT NULL,
    open_after  BOOLEAN          NOT NULL,
    PRIMARY KEY (stream, idx)
);

-- the events, numbered per stream from 1
CREATE TABLE seqae_stream_events (
    stream      VARCHAR(64)      NOT NULL,
    seq         BIGINT           NOT NULL,
    kind        VARCHAR(8)       NOT NULL,
    at_point    BIGINT           NOT NULL,
    created_at  TIMESTAMP        NOT NULL,
    body        VARCHAR(20000)   NOT NULL,
    PRIMARY KEY (stream, seq)
);
