-- Official roll calls from the House Clerk (roll*.xml) and the Senate (vote_*.xml):
-- period = congress × 10 + 1 (House) or 2 (Senate); every roll call of a chamber and Congress
-- given in one ingest replaces that period.
CREATE TABLE IF NOT EXISTS official_rollcalls
(
    period UInt32,
    chamber LowCardinality(String),
    congress UInt16,
    session UInt8,
    rollcall UInt32,
    date Date32,
    question Nullable(String),
    result Nullable(String),
    document Nullable(String),        -- legis-num, or the Senate document / amended document
    bill_keys Array(String),
    yeas Nullable(UInt16),
    nays Nullable(UInt16),
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY (chamber, congress, session, rollcall);

-- load: f = [chamber, congress, session, rollcall, date, question, result, document, bill keys (U+001F-joined), yeas, nays, file].
SELECT
    {cycle} AS period,
    f[1] AS chamber,
    toUInt16OrZero(f[2]) AS congress,
    toUInt8OrZero(f[3]) AS session,
    toUInt32OrZero(f[4]) AS rollcall,
    assumeNotNull(spotlight_iso_date(f[5])) AS date,
    spotlight_text(f[6]) AS question,
    spotlight_text(f[7]) AS result,
    spotlight_text(f[8]) AS document,
    if(f[9] = '', [], splitByChar('\x1F', f[9])) AS bill_keys,
    toUInt16OrNull(f[10]) AS yeas,
    toUInt16OrNull(f[11]) AS nays,
    f[12] AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 12),
        check_whole_number('congress', f[2]),
        check_whole_number('session', f[3]),
        check_whole_number('roll call number', f[4]),
        check_required('vote date', f[5]),
        check_iso_date('vote date', f[5])
    ]) AS _problem
FROM {lines}
