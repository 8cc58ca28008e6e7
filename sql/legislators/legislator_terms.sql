-- Terms of office: one row per term of each person, in order (term 1 is the first). Former
-- members loaded from legislators-historical.csv have only their last seat: term 0, no dates.
CREATE TABLE IF NOT EXISTS legislator_terms
(
    period UInt16,
    bioguide String,
    term UInt16,
    type LowCardinality(String),          -- rep or sen
    start_date Nullable(Date32),          -- NULL only for term 0 (a last seat without dates)
    end_date Nullable(Date32),
    state LowCardinality(String),
    district Nullable(Int16),             -- 0 = at-large; NULL for senators
    senate_class Nullable(UInt8),
    state_rank LowCardinality(Nullable(String)),
    party LowCardinality(Nullable(String)),
    caucus LowCardinality(Nullable(String)),
    how LowCardinality(Nullable(String)),
    url Nullable(String),
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY (bioguide, term);

-- load: f = [bioguide, term, type, start, end, state, district, class, state_rank, party, caucus, how, url].
SELECT
    {cycle} AS period,
    f[1] AS bioguide,
    toUInt16OrZero(f[2]) AS term,
    f[3] AS type,
    spotlight_iso_date(f[4]) AS start_date,
    spotlight_iso_date(f[5]) AS end_date,
    f[6] AS state,
    toInt16OrNull(f[7]) AS district,
    toUInt8OrNull(f[8]) AS senate_class,
    spotlight_text(f[9]) AS state_rank,
    spotlight_text(f[10]) AS party,
    spotlight_text(f[11]) AS caucus,
    spotlight_text(f[12]) AS how,
    spotlight_text(f[13]) AS url,
    {file} AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 13),
        check_required('bioguide', f[1]),
        if(f[3] NOT IN ('rep', 'sen'), concat('term type is not rep or sen: ', f[3]), ''),
        if(f[2] = '0' AND f[4] = '', '', first_problem([check_required('term start', f[4]), check_iso_date('term start', f[4])])),
        if(f[2] = '0' AND f[5] = '', '', first_problem([check_required('term end', f[5]), check_iso_date('term end', f[5])])),
        check_required('state', f[6]),
        if(f[7] != '' AND toInt16OrNull(f[7]) IS NULL, concat('district is not a number: ', f[7]), ''),
        if(f[8] NOT IN ('', '1', '2', '3'), concat('senate class is not 1, 2 or 3: ', f[8]), '')
    ]) AS _problem
FROM {lines}
