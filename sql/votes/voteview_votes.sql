-- Voteview votes: one row per member per roll call, with the cast code and its meaning.
CREATE TABLE IF NOT EXISTS voteview_votes
(
    period UInt32,
    congress UInt16,
    chamber LowCardinality(String),
    rollnumber UInt32,
    icpsr UInt32,
    cast_code UInt8,
    vote LowCardinality(String),           -- yea (1–3), nay (4–6), present (7–8), not voting (9), not a member (0)
    prob Nullable(Float32),
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY (congress, chamber, rollnumber, icpsr);

-- load: congress, chamber, rollnumber, icpsr, cast_code, prob.
SELECT
    {cycle} AS period,
    toUInt16OrZero(f[1]) AS congress,
    f[2] AS chamber,
    toUInt32(assumeNotNull(voteview_whole(f[3]))) AS rollnumber,
    toUInt32(assumeNotNull(voteview_whole(f[4]))) AS icpsr,
    toUInt8OrZero(f[5]) AS cast_code,
    multiIf(f[5] IN ('1', '2', '3'), 'yea', f[5] IN ('4', '5', '6'), 'nay', f[5] IN ('7', '8'), 'present', f[5] = '9', 'not voting', 'not a member') AS vote,
    toFloat32OrNull(f[6]) AS prob,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 6),
        check_whole_number('congress', f[1]),
        check_voteview_whole('rollnumber', f[3]),
        check_voteview_whole('icpsr', f[4]),
        if(f[5] NOT IN ('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), concat('cast_code is not 0–9: ', f[5]), '')
    ]) AS _problem
FROM {lines}
