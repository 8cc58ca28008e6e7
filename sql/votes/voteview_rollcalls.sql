-- Voteview roll calls of one Congress and chamber: date, counts, result, question, and the
-- bill as a key (`hres8-117`: bill_number lower-cased, then the congress).
CREATE TABLE IF NOT EXISTS voteview_rollcalls
(
    period UInt32,
    congress UInt16,
    chamber LowCardinality(String),
    rollnumber UInt32,                     -- Voteview's sequence
    date Date32,
    session Nullable(UInt8),
    clerk_rollnumber Nullable(UInt32),     -- the official House or Senate number
    yea_count Nullable(UInt16),
    nay_count Nullable(UInt16),
    bill_number Nullable(String),
    bill_key Nullable(String),
    vote_result Nullable(String),
    vote_desc Nullable(String),
    vote_question Nullable(String),
    dtl_desc Nullable(String),
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY (congress, chamber, rollnumber);

-- load: the CSV's columns in order (header checked in VotesIngest.swift).
SELECT
    {cycle} AS period,
    toUInt16OrZero(f[1]) AS congress,
    f[2] AS chamber,
    toUInt32(assumeNotNull(voteview_whole(f[3]))) AS rollnumber,
    assumeNotNull(spotlight_iso_date(f[4])) AS date,
    toUInt8OrNull(f[5]) AS session,
    toUInt32OrNull(f[6]) AS clerk_rollnumber,
    toUInt16OrNull(f[7]) AS yea_count,
    toUInt16OrNull(f[8]) AS nay_count,
    spotlight_text(f[14]) AS bill_number,
    if(f[14] = '', NULL, concat(lower(replaceRegexpAll(f[14], '[^A-Za-z0-9]', '')), '-', f[1])) AS bill_key,
    spotlight_text(f[15]) AS vote_result,
    spotlight_text(f[16]) AS vote_desc,
    spotlight_text(f[17]) AS vote_question,
    spotlight_text(f[18]) AS dtl_desc,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 18),
        check_whole_number('congress', f[1]),
        check_voteview_whole('rollnumber', f[3]),
        check_required('date', f[4]),
        check_iso_date('date', f[4])
    ]) AS _problem
FROM {lines}
