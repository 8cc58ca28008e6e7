-- Voteview members of one Congress and chamber (H117_members.csv…): ICPSR id, party, the
-- NOMINATE scores. period = congress × 10 + chamber (1 House, 2 Senate, 3 both: HS files),
-- so loading a chamber's file replaces only that chamber.
CREATE TABLE IF NOT EXISTS voteview_members
(
    period UInt32,
    congress UInt16,
    chamber LowCardinality(String),        -- House, Senate or President
    icpsr UInt32,
    state_icpsr Nullable(UInt16),
    district_code Nullable(Int16),         -- written 0.0 in some files, 0 in others
    state_abbrev LowCardinality(String),
    party_code Nullable(UInt16),           -- 100 Democrat, 200 Republican, 328 Independent
    bioname Nullable(String),
    bioguide_id Nullable(String),
    born Nullable(UInt16),
    died Nullable(UInt16),
    nominate_dim1 Nullable(Float64),
    nominate_dim2 Nullable(Float64),
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY (congress, chamber, icpsr);

-- load: the CSV's columns in order (header checked in VotesIngest.swift).
SELECT
    {cycle} AS period,
    toUInt16OrZero(f[1]) AS congress,
    f[2] AS chamber,
    toUInt32(assumeNotNull(voteview_whole(f[3]))) AS icpsr,
    toUInt16OrNull(f[4]) AS state_icpsr,
    toInt16OrNull(toString(toInt64OrNull(toString(toFloat64OrNull(f[5]))))) AS district_code,
    f[6] AS state_abbrev,
    toUInt16OrNull(f[7]) AS party_code,
    spotlight_text(f[10]) AS bioname,
    spotlight_text(f[11]) AS bioguide_id,
    toUInt16OrNull(toString(toInt64OrNull(toString(toFloat64OrNull(f[12]))))) AS born,
    toUInt16OrNull(toString(toInt64OrNull(toString(toFloat64OrNull(f[13]))))) AS died,
    toFloat64OrNull(f[14]) AS nominate_dim1,
    toFloat64OrNull(f[15]) AS nominate_dim2,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 22),
        check_whole_number('congress', f[1]),
        if(f[2] NOT IN ('House', 'Senate', 'President'), concat('chamber is not House, Senate or President: ', f[2]), ''),
        check_voteview_whole('icpsr', f[3]),
        if(f[5] != '' AND toFloat64OrNull(f[5]) IS NULL, concat('district_code is not a number: ', f[5]), ''),
        if(f[11] != '' AND NOT match(f[11], '^[A-Z][0-9]{6}$'), concat('bioguide_id is not an id like C000127: ', f[11]), '')
    ]) AS _problem
FROM {lines}
