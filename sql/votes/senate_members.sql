-- The Senate's member list (senators_cfm.xml): LIS id → bioguide id, the crosswalk the Senate
-- itself publishes for its roll-call XML, with party, state and committee codes. One list
-- replaces the last (period 0); as_of is the list's own date.
CREATE TABLE IF NOT EXISTS senate_members
(
    period UInt16,
    lis_member_id String,
    bioguide String,
    first_name String,
    last_name String,
    suffix Nullable(String),
    party LowCardinality(String),
    state LowCardinality(String),
    state_rank Nullable(UInt8),
    committees Array(String),
    as_of Nullable(Date32),
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY lis_member_id;

-- load: f = [lis_member_id, bioguide, first, last, suffix, party, state, state rank, committee codes (unit-separated), as of].
SELECT
    {cycle} AS period,
    f[1] AS lis_member_id,
    f[2] AS bioguide,
    f[3] AS first_name,
    f[4] AS last_name,
    spotlight_text(f[5]) AS suffix,
    f[6] AS party,
    f[7] AS state,
    toUInt8OrNull(f[8]) AS state_rank,
    arrayFilter(x -> x != '', splitByChar('\x1F', f[9])) AS committees,
    spotlight_iso_date(f[10]) AS as_of,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 10),
        if(NOT match(f[1], '^S[0-9]{3}$'), concat('lis_member_id is not an id like S275: ', f[1]), ''),
        if(NOT match(f[2], '^[A-Z][0-9]{6}$'), concat('bioguideId is not an id like C000127: ', f[2]), ''),
        check_required('last', f[4]),
        check_required('date', f[10]),
        check_iso_date('date', f[10])
    ]) AS _problem
FROM {lines}
