-- Committees and subcommittees (committees-current.yaml). committee_id is the thomas_id, or
-- the parent's thomas_id followed by the subcommittee's (as committee-membership uses them).
CREATE TABLE IF NOT EXISTS congress_committees
(
    period UInt16,
    committee_id String,
    parent_id Nullable(String),
    type LowCardinality(String),          -- house, senate or joint
    name String,
    thomas_id String,
    house_committee_id Nullable(String),
    senate_committee_id Nullable(String),
    url Nullable(String),
    jurisdiction Nullable(String),
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY committee_id;

-- load: f = [committee_id, parent_id, type, name, thomas_id, house_id, senate_id, url, jurisdiction].
SELECT
    {cycle} AS period,
    f[1] AS committee_id,
    spotlight_text(f[2]) AS parent_id,
    f[3] AS type,
    f[4] AS name,
    f[5] AS thomas_id,
    spotlight_text(f[6]) AS house_committee_id,
    spotlight_text(f[7]) AS senate_committee_id,
    spotlight_text(f[8]) AS url,
    spotlight_text(f[9]) AS jurisdiction,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 9),
        check_required('thomas_id', f[5]),
        check_required('name', f[4]),
        if(f[3] NOT IN ('house', 'senate', 'joint'), concat('committee type is not house, senate or joint: ', f[3]), '')
    ]) AS _problem
FROM {lines}
