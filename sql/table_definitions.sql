-- The definition each source table was last created or checked with: a digest of its CREATE
-- statement as sql/ wrote it. A table whose file still gives that digest is current without
-- asking ClickHouse; any other text (an upgrade, an edit) is compared as ClickHouse describes
-- the two definitions (SQLLibrary.definitionChanged).
CREATE TABLE IF NOT EXISTS table_definitions
(
    table_name String,
    statement_sha256 FixedString(64),
    recorded_at DateTime64(6)
)
ENGINE = ReplacingMergeTree(recorded_at)
ORDER BY table_name;
