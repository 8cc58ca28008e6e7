-- One row per file per ingest: which lake snapshot (or folder) the rows came from and how
-- many lines were read, loaded and quarantined. The newest row per (source, period, table)
-- says where the current data came from.
CREATE TABLE IF NOT EXISTS ingest_runs
(
    source LowCardinality(String),       -- lake source, e.g. 'fec-2024'
    snapshot String,                     -- lake snapshot id, or the folder for --dir ingests
    period UInt16,
    table_name LowCardinality(String),
    file String,
    lines_read UInt64,
    loaded UInt64,
    quarantined UInt64,
    ingested_at DateTime
)
ENGINE = MergeTree
ORDER BY (source, period, table_name, ingested_at);
