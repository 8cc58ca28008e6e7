-- Lobbying activities of each filing: the issue code and its name as the LDA gives it, the free-text description, the
-- government entities lobbied, the lobbyists, and the bills the description names as keys
-- (`hr1234-118`; the congress is inferred from the filing year).
CREATE TABLE IF NOT EXISTS lda_activities
(
    period UInt16,
    filing_uuid String,
    activity UInt16,
    general_issue_code LowCardinality(String),
    general_issue Nullable(String),           -- the code's name as the LDA gives it (general_issue_code_display)
    description Nullable(String),
    government_entities Array(String),
    lobbyists Array(String),                  -- "FIRST LAST"
    covered_positions Array(String),          -- aligned with lobbyists: the covered position each reports, '' for none
    bill_keys Array(String),
    source_file LowCardinality(String),
    source_line UInt64
)
ENGINE = MergeTree
PARTITION BY period
ORDER BY (filing_uuid, activity);

-- load: the last two fields of f are the page file of the filing's first copy when this one is
-- a duplicate ('' otherwise) and the page file the record came from; f = [filing_uuid, activity, issue code, description, entities, lobbyists, covered positions, bill keys, issue name];
-- the list fields are joined with a unit separator (U+001F), which source text does not contain.
SELECT
    {cycle} AS period,
    f[1] AS filing_uuid,
    toUInt16OrZero(f[2]) AS activity,
    f[3] AS general_issue_code,
    spotlight_text(f[9]) AS general_issue,
    spotlight_text(f[4]) AS description,
    if(f[5] = '', [], splitByChar('\x1F', f[5])) AS government_entities,
    if(f[6] = '', [], splitByChar('\x1F', f[6])) AS lobbyists,
    if(f[6] = '', [], splitByChar('\x1F', f[7])) AS covered_positions,
    if(f[8] = '', [], splitByChar('\x1F', f[8])) AS bill_keys,
    f[11] AS source_file,
    line AS source_line,
    raw AS _raw,
    first_problem([
        check_field_count(f, 11),
        if(f[10] != '', concat('duplicate: this filing was already read from ', f[10]), ''),
        check_required('filing_uuid', f[1]),
        if(NOT match(f[3], '^[A-Z]{3}$'), concat('general_issue_code is not a three-letter code: ', f[3]), '')
    ]) AS _problem
FROM {lines}
