-- Seats on committees and subcommittees (committee-membership-current.yaml): who sits where,
-- on which side, with rank and title.
CREATE TABLE IF NOT EXISTS committee_seats
(
    period UInt16,
    committee_id String,
    bioguide String,
    name Nullable(String),
    side LowCardinality(Nullable(String)),   -- majority or minority
    rank Nullable(UInt16),
    title Nullable(String),
    chamber LowCardinality(Nullable(String)),
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY (committee_id, bioguide);

-- load: f = [committee_id, bioguide, name, party, rank, title, chamber].
SELECT
    {cycle} AS period,
    f[1] AS committee_id,
    f[2] AS bioguide,
    spotlight_text(f[3]) AS name,
    spotlight_text(f[4]) AS side,
    toUInt16OrNull(f[5]) AS rank,
    spotlight_text(f[6]) AS title,
    spotlight_text(f[7]) AS chamber,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 7),
        check_required('committee id', f[1]),
        check_required('bioguide', f[2]),
        if(f[5] != '' AND toUInt16OrNull(f[5]) IS NULL, concat('rank is not a number: ', f[5]), '')
    ]) AS _problem
FROM {lines}
