-- People in congress-legislators (legislators-current.yaml, legislators-historical.yaml):
-- one row per person, keyed by bioguide id. period = 0: the whole set is replaced each ingest.
CREATE TABLE IF NOT EXISTS legislators
(
    period UInt16,
    bioguide String,
    first_name Nullable(String),
    middle_name Nullable(String),
    last_name Nullable(String),
    suffix Nullable(String),
    nickname Nullable(String),
    official_full Nullable(String),
    birthday Nullable(Date32),
    gender LowCardinality(Nullable(String)),
    is_current UInt8,
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY bioguide;

-- load: f = [bioguide, first, middle, last, suffix, nickname, official_full, birthday, gender, current].
SELECT
    {cycle} AS period,
    f[1] AS bioguide,
    spotlight_text(f[2]) AS first_name,
    spotlight_text(f[3]) AS middle_name,
    spotlight_text(f[4]) AS last_name,
    spotlight_text(f[5]) AS suffix,
    spotlight_text(f[6]) AS nickname,
    spotlight_text(f[7]) AS official_full,
    spotlight_iso_date(f[8]) AS birthday,
    spotlight_text(f[9]) AS gender,
    toUInt8(f[10] = '1') AS is_current,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 10),
        check_required('bioguide', f[1]),
        if(f[1] != '' AND NOT match(f[1], '^[A-Z][0-9]{6}$'), concat('bioguide is not an id like C000127: ', f[1]), ''),
        check_iso_date('birthday', f[8]),
        if(f[9] NOT IN ('', 'M', 'F'), concat('gender is not M or F: ', f[9]), '')
    ]) AS _problem
FROM {lines}
