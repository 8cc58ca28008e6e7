-- Every source row that could not be loaded, with the reason. Nothing is ever dropped: a row
-- is in its table or here. Re-ingesting a file replaces its partition here too.
CREATE TABLE IF NOT EXISTS quarantine
(
    source LowCardinality(String),       -- source family, e.g. 'fec'
    table_name LowCardinality(String),   -- the table the row was meant for
    period UInt16,                       -- cycle or year the file belongs to
    file String,                         -- the file as named in the input directory
    line UInt64,                         -- 1-based line number in that file
    raw String,                          -- the line exactly as read
    reason String,
    ingested_at DateTime
)
ENGINE = MergeTree
PARTITION BY (source, table_name, period)
ORDER BY (file, line);
