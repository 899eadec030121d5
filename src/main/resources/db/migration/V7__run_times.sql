-- Learned run times per (model, task_type), shared by every instance on the ledger: a decaying log-scale
-- histogram in RunTimeHistogram's text form (v1;samples;bucket:weight,...). Empty strings stand for "not named".
CREATE TABLE run_time_stats (
    model      VARCHAR(128)  NOT NULL,
    task_type  VARCHAR(128)  NOT NULL,
    samples    BIGINT        NOT NULL,
    histogram  VARCHAR(8000) NOT NULL,
    updated_at BIGINT        NOT NULL,
    PRIMARY KEY (model, task_type)
);
