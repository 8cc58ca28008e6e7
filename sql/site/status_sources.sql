-- The status page's sources: for each lake source, the snapshot the warehouse holds and its
-- lines read, loaded and quarantined (the newest ingest of each of its files), and when it
-- last brought new data (a night ingests a source only when it has a new snapshot).
SELECT source,
       argMax(snapshot, at) AS snapshot,
       count() AS files,
       sum(lines_read) AS lines_read,
       sum(loaded) AS loaded,
       sum(quarantined) AS quarantined,
       toUnixTimestamp(max(at)) AS last_ingested
FROM
(
    SELECT source, period, table_name, file,
           argMax(snapshot, ingested_at) AS snapshot,
           argMax(lines_read, ingested_at) AS lines_read,
           argMax(loaded, ingested_at) AS loaded,
           argMax(quarantined, ingested_at) AS quarantined,
           max(ingested_at) AS at
    FROM ingest_runs
    GROUP BY source, period, table_name, file
)
GROUP BY source
ORDER BY source
